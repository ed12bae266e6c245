/**
 * Word notices (.docx) through mammoth: the document becomes HTML (bold as <strong>, tables with
 * colspan/rowspan, lists as <li>) and then blocks by the same code as web pages. Automatic
 * numbering, which mammoth drops, is put into the text first (docx-numbering.ts).
 *
 * The caller has already checked that the file is a zip holding a Word document and is no zip bomb.
 */
import mammoth from 'mammoth';
import { materializeNumbering } from './docx-numbering';
import { DocumentExtractError, displayName } from './document-error';
import type { NoticeDocument } from './document';
import { htmlToBlocks } from './html-to-blocks';

/** Images carry no text: drop them instead of inlining them as base64 (which can be megabytes). */
const NO_IMAGES = mammoth.images.imgElement(async () => ({ src: '' }));

export async function extractDocx(bytes: Uint8Array, fileName: string): Promise<NoticeDocument> {
  let html: string;
  try {
    // Automatic list numbers ("一、", "1.") are written into the text first: mammoth drops them.
    const numbered = await materializeNumbering(bytes);
    const result = await mammoth.convertToHtml({ buffer: Buffer.from(numbered.buffer, numbered.byteOffset, numbered.byteLength) }, { convertImage: NO_IMAGES });
    html = result.value;
  } catch (err) {
    throw new DocumentExtractError(
      `Word 文档“${displayName(fileName)}”无法打开（文件可能已损坏或不是标准的 .docx）：请用 Word 或 WPS 打开后另存为 .docx 再上传。`,
      { cause: err },
    );
  }
  const blocks = htmlToBlocks(html);
  if (blocks.length === 0) {
    throw new DocumentExtractError(`Word 文档“${displayName(fileName)}”中没有文字（可能只有图片）：请上传含文字的版本。`);
  }
  return { blocks, source: { format: 'docx', fileName } };
}
