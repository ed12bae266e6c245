/**
 * The format-neutral form of an imported notice: what every extractor (.txt, .docx, .xlsx, .pdf,
 * .html) produces and what the parsers (notice, work report) read.
 *
 * Line numbers are what warnings cite: for a text file they are the file's own lines; for other
 * formats each paragraph takes one line and each table row one line, in document order.
 */
export type ParagraphBlock = {
  kind: 'paragraph';
  /** One paragraph (or one line of a text file). Bold runs (Word <w:b>, HTML <strong>/<b>) are marked `**…**`. */
  text: string;
  line: number;
};
export type TableBlock = {
  kind: 'table';
  /** Cell text by row. A cell covered by a merge is '' (the parser carries values down). */
  rows: string[][];
  /** Line of the first row; row i is line + i. */
  line: number;
};
export type DocBlock = ParagraphBlock | TableBlock;

export const DOCUMENT_FORMATS = ['txt', 'docx', 'xlsx', 'pdf', 'html'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

export type NoticeDocument = {
  blocks: DocBlock[];
  source: {
    format: DocumentFormat;
    fileName?: string;
    /** .xlsx: the sheet read, and every sheet of the workbook (for the console to offer a choice). */
    sheet?: string;
    sheets?: string[];
  };
};

/** A plain text as a document: one paragraph per line, numbered from 1 (blank lines kept as ''). */
export function documentFromText(text: string, fileName?: string): NoticeDocument {
  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  return {
    blocks: lines.map((line, i) => ({ kind: 'paragraph', text: line, line: i + 1 })),
    source: { format: 'txt', fileName },
  };
}

/** The document as plain text (tables as `|`-separated rows): for hashing, previews and the work-report parser. */
export function documentToText(doc: NoticeDocument): string {
  const out: string[] = [];
  for (const b of doc.blocks) {
    if (b.kind === 'paragraph') out.push(b.text);
    // A cell may hold several paragraphs: one text line per row keeps line numbers in step.
    else for (const row of b.rows) out.push(row.map((cell) => cell.replace(/\s*\n\s*/g, ' ')).join(' | '));
  }
  return out.join('\n');
}
