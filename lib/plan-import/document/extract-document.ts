/**
 * An uploaded notice of any common kind → one NoticeDocument.
 *
 * The kind is decided by the file's content first (its magic bytes, and for zip files the entries
 * inside), the name's extension only where the content cannot tell (text vs. web page, and which
 * old Office format a legacy file is). So a PDF renamed .docx is read as the PDF it is, and an
 * executable renamed .txt is refused. Every refusal is a DocumentExtractError whose message tells
 * the user, in Chinese, what is wrong and what to upload instead; nothing is written on a refusal.
 */
import { fileTypeFromBuffer } from 'file-type';
import { DocumentExtractError, displayName } from './document-error';
import type { DocumentFormat, NoticeDocument } from './document';
import { extractDocx } from './extract-docx';
import { extractHtml } from './extract-html';
import { extractPdf } from './extract-pdf';
import { extractTxt, looksBinary } from './extract-txt';
import { extractXlsx } from './extract-xlsx';
import { actualExpansionProblem, declaredExpansionProblem, isZip, readZipDirectory } from './office-zip';

export { DocumentExtractError } from './document-error';

/** For <input type="file" accept=…>. */
export const ACCEPTED_EXTENSIONS = '.txt,.docx,.xlsx,.pdf,.html,.htm';

const MB = 1024 * 1024;
/** Largest file read, per format: text is small; Office files and PDFs may embed images. */
export const DOCUMENT_SIZE_LIMITS: Readonly<Record<DocumentFormat, number>> = {
  txt: 5 * MB,
  html: 5 * MB,
  docx: 20 * MB,
  xlsx: 20 * MB,
  pdf: 20 * MB,
};

const FORMAT_LABELS: Readonly<Record<DocumentFormat, string>> = {
  txt: '文本文件',
  html: '网页文件',
  docx: 'Word 文档',
  xlsx: 'Excel 文件',
  pdf: 'PDF 文件',
};

const ACCEPTED_KINDS = 'Word（.docx）、Excel（.xlsx）、PDF（.pdf）、网页（.html/.htm）或文本（.txt）';

export type ExtractOptions = { sheet?: string };

export async function extractDocument(bytes: Uint8Array, fileName: string, options: ExtractOptions = {}): Promise<NoticeDocument> {
  const name = displayName(fileName);
  if (bytes.byteLength === 0) throw new DocumentExtractError(`“${name}”是空文件：请检查后重新上传。`);
  const largest = Math.max(...Object.values(DOCUMENT_SIZE_LIMITS));
  if (bytes.byteLength > largest) throw tooLarge(name, bytes.byteLength, formatOfExtension(extensionOf(name)));

  const format = await detectFormat(bytes, name);
  if (bytes.byteLength > DOCUMENT_SIZE_LIMITS[format]) throw tooLarge(name, bytes.byteLength, format);
  switch (format) {
    case 'txt':
      return extractTxt(bytes, fileName);
    case 'html':
      return extractHtml(bytes, fileName);
    case 'docx':
      return extractDocx(bytes, fileName);
    case 'xlsx':
      return extractXlsx(bytes, fileName, options);
    case 'pdf':
      return extractPdf(bytes, fileName);
  }
}

function extensionOf(name: string): string {
  const m = /\.([a-z0-9]+)$/i.exec(name);
  return m ? m[1]!.toLowerCase() : '';
}

function formatOfExtension(ext: string): DocumentFormat | null {
  if (ext === 'htm') return 'html';
  return (['txt', 'html', 'docx', 'xlsx', 'pdf'] as const).find((f) => f === ext) ?? null;
}

function tooLarge(name: string, size: number, format: DocumentFormat | null): DocumentExtractError {
  const mb = (n: number) => `${Math.round((n / MB) * 10) / 10} MB`;
  const limit = format ? DOCUMENT_SIZE_LIMITS[format] : Math.max(...Object.values(DOCUMENT_SIZE_LIMITS));
  const what = format ? FORMAT_LABELS[format] : '文件';
  return new DocumentExtractError(`“${name}”有 ${mb(size)}，超过${what}的大小上限 ${mb(limit)}：请删去无关内容（如图片）或拆分后再上传。`);
}

const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

function contains(bytes: Uint8Array, needle: Buffer): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(needle);
}

/** The format to read the file as, or a refusal. */
async function detectFormat(bytes: Uint8Array, name: string): Promise<DocumentFormat> {
  const ext = extensionOf(name);

  // PDF: the header may follow a little junk (the PDF spec allows it within the first 1 KB).
  if (new TextDecoder('latin1').decode(bytes.subarray(0, 1024)).includes('%PDF-')) return 'pdf';

  if (isZip(bytes)) return officeZipFormat(bytes, name, ext);

  if (startsWith(bytes, OLE_SIGNATURE)) throw oleRefusal(bytes, name, ext);

  if (new TextDecoder('latin1').decode(bytes.subarray(0, 5)) === '{\\rtf') {
    throw new DocumentExtractError(`“${name}”是 RTF 格式：请用 Word 或 WPS 打开后另存为 .docx 再上传。`);
  }

  if (looksBinary(bytes)) {
    // Name the kind when file-type knows it (asked only about binary content: its weaker signatures,
    // e.g. MPEG frame sync, also match plain text).
    const detected = await fileTypeFromBuffer(bytes);
    if (detected) throw new DocumentExtractError(`“${name}”的内容是 ${detected.ext.toUpperCase()} 文件，不能作为通知导入：请上传 ${ACCEPTED_KINDS}文件。`);
    if (ext === 'txt' || ext === 'html' || ext === 'htm') return ext === 'txt' ? 'txt' : 'html'; // refused there, as not text
  } else {
    // Text of some kind: the extension says which.
    if (ext === 'txt') return 'txt';
    if (ext === 'html' || ext === 'htm') return 'html';
  }
  if (ext === 'docx' || ext === 'xlsx' || ext === 'pdf') {
    throw new DocumentExtractError(`“${name}”不是有效的 ${FORMAT_LABELS[ext]}（文件内容与扩展名不符，可能已损坏）：请重新导出后再上传。`);
  }
  // Word's "save as web page" and the "export to Excel" of many office systems write HTML under a
  // .doc / .xls name: read it as the web page it is.
  if ((ext === 'doc' || ext === 'xls') && looksLikeHtml(bytes)) return 'html';
  if (ext === 'doc' || ext === 'xls' || ext === 'wps' || ext === 'et') throw oleRefusal(bytes, name, ext);
  throw new DocumentExtractError(`无法识别“${name}”的文件类型：请上传 ${ACCEPTED_KINDS}文件。`);
}

function looksLikeHtml(bytes: Uint8Array): boolean {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
  return /<(?:!doctype\s+html|html|head|body|table)\b/i.test(head);
}

/** A zip: Word or Excel by the parts inside, after the zip-bomb checks. */
function officeZipFormat(bytes: Uint8Array, name: string, ext: string): DocumentFormat {
  const entries = readZipDirectory(bytes);
  if (!entries) throw new DocumentExtractError(`“${name}”已损坏（压缩包结构无效），无法打开：请重新保存后再上传。`);
  const bomb = declaredExpansionProblem(entries, bytes.byteLength) ?? actualExpansionProblem(bytes, entries);
  if (bomb) throw new DocumentExtractError(`“${name}”${bomb}。`);
  const names = new Set(entries.map((e) => e.name));
  if (names.has('word/document.xml') || [...names].some((n) => /^word\/document\d*\.xml$/.test(n))) return 'docx';
  if (names.has('xl/workbook.xml')) return 'xlsx';
  if (names.has('ppt/presentation.xml')) {
    throw new DocumentExtractError(`“${name}”是 PowerPoint 演示文稿，不能作为通知导入：请上传 ${ACCEPTED_KINDS}文件。`);
  }
  if (ext === 'docx' || ext === 'xlsx') {
    throw new DocumentExtractError(`“${name}”不是有效的 ${FORMAT_LABELS[ext]}（压缩包中没有${ext === 'docx' ? '文档正文' : '工作簿'}）：请用 ${ext === 'docx' ? 'Word' : 'Excel'} 打开后另存为 .${ext} 再上传。`);
  }
  throw new DocumentExtractError(`“${name}”是压缩包，不能直接导入：请解压后上传其中的 ${ACCEPTED_KINDS}文件。`);
}

/** An OLE compound file: a legacy .doc/.xls (or WPS), or an Office file with an open password. */
function oleRefusal(bytes: Uint8Array, name: string, ext: string): DocumentExtractError {
  // Word and Excel store a password-protected .docx/.xlsx as an "EncryptedPackage" stream in this container.
  if (contains(bytes, Buffer.from('EncryptedPackage', 'utf16le'))) {
    return new DocumentExtractError(`“${name}”设有打开密码（已加密），无法读取：请取消密码后另存为 .docx 或 .xlsx 再上传。`);
  }
  if (ext === 'doc' || ext === 'wps' || ext === 'docx') {
    return new DocumentExtractError(`“${name}”是旧版 Word 格式（.doc），无法直接读取：请用 Word 或 WPS 打开后另存为 .docx 再上传。`);
  }
  if (ext === 'xls' || ext === 'et' || ext === 'xlsx') {
    return new DocumentExtractError(`“${name}”是旧版 Excel 格式（.xls），无法直接读取：请用 Excel 或 WPS 打开后另存为 .xlsx 再上传。`);
  }
  return new DocumentExtractError(`“${name}”是旧版 Office 格式（.doc / .xls），无法直接读取：请另存为 .docx 或 .xlsx 再上传。`);
}
