/**
 * PDF notices through unpdf (pdf.js, bundled for servers: no worker, no canvas, runs on Node 20).
 *
 * A PDF has no paragraphs, only positioned runs of text. Lines are rebuilt from the positions:
 * runs on the same baseline are joined left to right, a change of baseline starts a new line, and a
 * wide horizontal gap between two runs becomes two spaces — so a table row flattened into one line
 * ("1  地区生产总值增长6.5%左右。  区发改委") can still be split into its cells. Each line is one
 * paragraph. Page numbers ("- 1 -", "—2—", "第 3 页") and a running header or footer repeated on most
 * pages are dropped.
 *
 * A PDF without a text layer (a scan) cannot be read: it is refused with a message saying so.
 */
import { DocumentExtractError, displayName } from './document-error';
import type { NoticeDocument, ParagraphBlock } from './document';

export const SCANNED_PDF_MESSAGE =
  '该 PDF 没有可识别的文字（可能是扫描件）：请上传 Word、Excel 或文本版本，或先做文字识别后再上传。';
export const GARBLED_PDF_MESSAGE =
  '该 PDF 的文字无法正确提取（字体缺少编码信息，提取出的是乱码）：请上传 Word、Excel 或文本版本。';
/** More pages than any notice has: a bound on the work one upload can cause. */
export const MAX_PDF_PAGES = 500;

/** One positioned run of text (pdf.js coordinates: origin bottom-left, y up). */
export type PdfTextItem = { str: string; x: number; y: number; width: number; fontSize: number };

export async function extractPdf(bytes: Uint8Array, fileName: string): Promise<NoticeDocument> {
  const name = displayName(fileName);
  // Imported here, not at the top: pdf.js is large, and only PDF uploads need it.
  const { getDocumentProxy } = await import('unpdf');
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // pdf.js may take ownership of (detach) the buffer it is given: pass a copy.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { isEvalSupported: false, verbosity: 0 });
  } catch (err) {
    throw openError(err, name);
  }
  try {
    if (pdf.numPages > MAX_PDF_PAGES) {
      throw new DocumentExtractError(`PDF“${name}”有 ${pdf.numPages} 页，超过 ${MAX_PDF_PAGES} 页的上限：请只上传通知正文。`);
    }
    const pages: PdfTextItem[][] = [];
    for (let i = 1; i <= pdf.numPages; i++) {
      const page = await pdf.getPage(i);
      const content = await page.getTextContent();
      const items: PdfTextItem[] = [];
      for (const it of content.items) {
        if (!('str' in it) || it.str.trim() === '') continue;
        const [, , c, d, e, f] = it.transform as number[];
        items.push({ str: it.str, x: e!, y: f!, width: it.width, fontSize: Math.hypot(c!, d!) || it.height || 10 });
      }
      pages.push(items);
      page.cleanup();
    }
    const lines = pdfLines(pages);
    if (lines.join('').replace(/\s/g, '').length < 10) throw new DocumentExtractError(SCANNED_PDF_MESSAGE);
    if (isGarbled(lines)) throw new DocumentExtractError(GARBLED_PDF_MESSAGE);
    const blocks: ParagraphBlock[] = lines.map((text, i) => ({ kind: 'paragraph', text, line: i + 1 }));
    return { blocks, source: { format: 'pdf', fileName } };
  } catch (err) {
    if (err instanceof DocumentExtractError) throw err;
    throw openError(err, name);
  } finally {
    await pdf.destroy();
  }
}

function openError(err: unknown, name: string): DocumentExtractError {
  const kind = (err as { name?: string } | null)?.name;
  if (kind === 'PasswordException') {
    return new DocumentExtractError(`PDF“${name}”设有打开密码（已加密），无法读取：请上传未加密的版本。`, { cause: err });
  }
  return new DocumentExtractError(`PDF“${name}”已损坏或格式无效，无法读取：请重新导出 PDF 后再上传。`, { cause: err });
}

/**
 * Text whose fonts carry no Unicode mapping comes out as private-use or control characters: when
 * those are over a third of the text, the layer is unreadable (a common fault of PDFs from some
 * Chinese typesetting and scanning software).
 */
export function isGarbled(lines: readonly string[]): boolean {
  const chars = [...lines.join('').replace(/\s/g, '')];
  const bad = chars.filter((ch) => /[\ue000-\uf8ff\ufffd\u0000-\u001f]/u.test(ch)).length;
  return chars.length > 0 && bad > chars.length / 3;
}

/** Page numbers as printed on Chinese documents: "- 1 -", "—2—", "－3－", "第4页", "第 1 页 共 5 页", "1/5". */
const PAGE_NUMBER = /^(?:[-—–－~～]\s*\d{1,4}\s*[-—–－~～]|第\s*\d{1,4}\s*页(?:\s*[,，/、]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*\/\s*\d{1,4}|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$/iu;

export function isPageNumber(line: string): boolean {
  return PAGE_NUMBER.test(line.trim());
}

/** The text lines of a document, page by page: page numbers and running headers/footers removed. */
export function pdfLines(pages: readonly (readonly PdfTextItem[])[]): string[] {
  return dropRunningHeaders(pages.map(buildLines)).flat();
}

/** The lines of one page, top to bottom, page numbers removed. */
export function buildLines(items: readonly PdfTextItem[]): string[] {
  // Top to bottom, then left to right; a run joins the current line when its baseline is within
  // 40% of the font size of the line's (superscripts and mixed fonts shift it a little).
  const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: PdfTextItem[][] = [];
  for (const item of sorted) {
    const line = lines[lines.length - 1];
    const ref = line?.[0];
    if (line && ref && Math.abs(ref.y - item.y) <= 0.4 * Math.min(ref.fontSize, item.fontSize)) line.push(item);
    else lines.push([item]);
  }
  return lines.map(joinLine).filter((text) => text !== '' && !isPageNumber(text));
}

const ENDS_LATIN = /[\x21-\x7e]$/;

function joinLine(items: PdfTextItem[]): string {
  const runs = [...items].sort((a, b) => a.x - b.x);
  let text = '';
  let end = Number.NEGATIVE_INFINITY;
  for (const r of runs) {
    const gap = r.x - end;
    if (text !== '') {
      // A gap wider than a Latin space (≈0.28 em) is a column gap or a tab stop: two spaces. Runs of
      // one line of prose touch (gap ≈ 0), except for the spaces between Latin words: one space.
      if (gap > 0.35 * r.fontSize) text = `${text.trimEnd()}  `;
      else if (gap > 0.1 * r.fontSize && ENDS_LATIN.test(text) && /^[\x21-\x7e]/.test(r.str)) text += ' '; // between Latin words
    }
    text += text.endsWith('  ') ? r.str.trimStart() : r.str;
    end = Math.max(end, r.x + r.width);
  }
  return text.trim();
}

/**
 * Drops a running header or footer: a line that is the first or last line of at least 3 pages and
 * of most pages (the document's title printed on every page, a department name in the footer).
 */
function dropRunningHeaders(pages: string[][]): string[][] {
  if (pages.length < 3) return pages;
  const count = new Map<string, number>();
  for (const lines of pages) {
    const edges = new Set([lines[0], lines[lines.length - 1]].filter((l): l is string => l !== undefined));
    for (const l of edges) count.set(l, (count.get(l) ?? 0) + 1);
  }
  const running = new Set([...count].filter(([, n]) => n >= 3 && n >= pages.length * 0.6).map(([l]) => l));
  if (running.size === 0) return pages;
  return pages.map((lines) => lines.filter((l, i) => !((i === 0 || i === lines.length - 1) && running.has(l))));
}
