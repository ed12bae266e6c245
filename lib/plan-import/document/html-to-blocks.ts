/**
 * HTML → blocks, shared by .docx (mammoth's HTML) and .html pages.
 *
 * - Block elements (p, div, h1–h6, li, …) and <br> end a paragraph; bold runs (<strong>, <b>, or a
 *   bold inline style) are marked `**…**` in paragraphs.
 * - A data table becomes a TableBlock: each <tr> a row, each <td>/<th> a cell's plain text (no bold
 *   markers: header rows are usually bold and the parsers match cell text as is; the paragraphs of
 *   a cell are joined with '\n'). A cell spanning columns or rows leaves '' in the positions it
 *   covers, so every row has the table's full width and the parsers can carry values down.
 * - A layout table (one cell, or tables nested inside — how older government sites lay out pages)
 *   is not data: its cells are read as ordinary blocks.
 */
import { HTMLElement, NodeType, parse, type Node } from 'node-html-parser';
import type { DocBlock } from './document';

export function parseHtml(html: string): HTMLElement {
  return parse(html, {
    comment: false,
    // Old pages leave <p>, <td>, <li> unclosed: close them instead of dropping them.
    parseNoneClosedTags: true,
    blockTextElements: { script: true, noscript: true, style: true, pre: true },
  });
}

/** Blocks of an HTML fragment (e.g. mammoth's output), numbered from line 1. */
export function htmlToBlocks(html: string): DocBlock[] {
  return elementsToBlocks([parseHtml(html)]);
}

/** Blocks of the given elements, in order, numbered from line 1. */
export function elementsToBlocks(elements: readonly HTMLElement[]): DocBlock[] {
  const out = new Collector(true);
  for (const el of elements) out.walk(el, false);
  out.flush();
  return numberBlocks(out.blocks);
}

type RawBlock = { kind: 'paragraph'; text: string } | { kind: 'table'; rows: string[][] };

function numberBlocks(raw: readonly RawBlock[], firstLine = 1): DocBlock[] {
  let line = firstLine;
  return raw.map((b) => {
    if (b.kind === 'paragraph') return { kind: 'paragraph', text: b.text, line: line++ };
    const block = { kind: 'table' as const, rows: b.rows, line };
    line += b.rows.length;
    return block;
  });
}

// ---------------------------------------------------------------------------

const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'dd', 'details', 'dialog', 'dir', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'html',
  'legend', 'li', 'main', 'menu', 'nav', 'ol', 'p', 'section', 'summary', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);

/** Never text of the document: code, media, form controls, metadata. */
const SKIPPED_TAGS = new Set([
  'area', 'audio', 'button', 'canvas', 'embed', 'head', 'iframe', 'img', 'input', 'link', 'map', 'math', 'meta', 'noscript',
  'object', 'option', 'script', 'select', 'style', 'svg', 'template', 'textarea', 'title', 'video',
]);

const CJK = '\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f';
/** A line break in the source between two CJK characters is not a space (CSS Text: segment break removal). */
const CJK_BREAK = new RegExp(`([${CJK}])[ \\t\\r\\f]*\\n[ \\t\\r\\n\\f]*(?=[${CJK}])`, 'gu');

type Run = { text: string; bold: boolean };

class Collector {
  readonly blocks: RawBlock[] = [];
  private runs: Run[] = [];

  /** markBold: false inside table cells. */
  constructor(private readonly markBold: boolean) {}

  walk(node: Node, bold: boolean): void {
    if (node.nodeType === NodeType.TEXT_NODE) {
      const text = node.text.replace(CJK_BREAK, '$1').replace(/[ \t\r\n\f]+/g, ' ');
      if (text) this.runs.push({ text, bold });
      return;
    }
    if (node.nodeType !== NodeType.ELEMENT_NODE) return;
    const el = node as HTMLElement;
    const tag = el.rawTagName?.toLowerCase() ?? '';
    if (SKIPPED_TAGS.has(tag)) return;
    if (tag === 'br') return this.flush();
    if (tag === 'table') {
      this.flush();
      return this.table(el, bold);
    }
    if (tag === 'pre') {
      // Preformatted text keeps its lines: one paragraph each.
      this.flush();
      for (const line of el.text.split(/\r\n?|\n/)) {
        this.runs.push({ text: line, bold });
        this.flush();
      }
      return;
    }
    const block = BLOCK_TAGS.has(tag);
    if (block) this.flush();
    const childBold = bold || tag === 'strong' || tag === 'b' || isBoldStyle(el.getAttribute('style'));
    for (const child of el.childNodes) this.walk(child, childBold);
    if (block) this.flush();
  }

  /** Ends the current paragraph (dropped if it holds no text). */
  flush(): void {
    const runs = this.runs;
    this.runs = [];
    const merged: Run[] = [];
    for (const r of runs) {
      const last = merged[merged.length - 1];
      const bold = this.markBold && r.bold;
      if (last && last.bold === bold) last.text += r.text;
      else merged.push({ text: r.text, bold });
    }
    let text = '';
    for (const r of merged) {
      const m = /^(\s*)([\s\S]*?)(\s*)$/u.exec(r.text)!;
      // Whitespace at the edges of a bold run stays outside the markers (`**一、** 总体要求`, not `**一、 **`).
      text += r.bold && m[2] ? `${m[1]}**${m[2]}**${m[3]}` : r.text;
    }
    text = text
      .replace(/[\u200b\u200c\u200d\ufeff]/g, '')
      .replace(/ {2,}/g, ' ')
      .replace(/\u00a0/g, ' ') // after the collapse: runs of &nbsp; are deliberate spacing and stay
      .trim();
    if (text) this.blocks.push({ kind: 'paragraph', text });
  }

  private table(table: HTMLElement, bold: boolean): void {
    const rows = tableRows(table);
    const cellsOf = rows.map(rowCells);
    const isLayout =
      cellsOf.length === 0 || (cellsOf.length === 1 && cellsOf[0]!.length <= 1) || table.querySelector('table') !== null;
    for (const caption of table.childNodes) {
      if (caption instanceof HTMLElement && caption.rawTagName?.toLowerCase() === 'caption') this.walk(caption, bold);
    }
    if (isLayout) {
      for (const cells of cellsOf) {
        for (const cell of cells) {
          this.walk(cell, bold);
          this.flush();
        }
      }
      return;
    }
    const grid = buildGrid(cellsOf);
    if (grid.length) this.blocks.push({ kind: 'table', rows: grid });
  }
}

function isBoldStyle(style: string | undefined): boolean {
  if (!style) return false;
  const m = /font-weight\s*:\s*(bold|bolder|[6-9]00)\b/i.exec(style);
  return m !== null;
}

function tagOf(node: Node): string {
  return node instanceof HTMLElement ? (node.rawTagName?.toLowerCase() ?? '') : '';
}

/** The table's own rows: its <tr> children and those of its thead/tbody/tfoot, not nested tables'. */
function tableRows(table: HTMLElement): HTMLElement[] {
  const rows: HTMLElement[] = [];
  for (const child of table.childNodes) {
    const tag = tagOf(child);
    if (tag === 'tr') rows.push(child as HTMLElement);
    else if (tag === 'thead' || tag === 'tbody' || tag === 'tfoot') {
      for (const tr of child.childNodes) if (tagOf(tr) === 'tr') rows.push(tr as HTMLElement);
    }
  }
  return rows;
}

function rowCells(tr: HTMLElement): HTMLElement[] {
  return tr.childNodes.filter((c): c is HTMLElement => tagOf(c) === 'td' || tagOf(c) === 'th');
}

function span(cell: HTMLElement, name: string, max: number): number {
  const n = Number.parseInt(cell.getAttribute(name) ?? '1', 10);
  return Number.isFinite(n) && n >= 1 ? Math.min(n, max) : 1;
}

const MAX_COLSPAN = 100;

/** Places every cell in the grid; positions covered by a colspan/rowspan are ''. Empty rows go. */
function buildGrid(cellsOf: HTMLElement[][]): string[][] {
  const grid: (string | undefined)[][] = cellsOf.map(() => []);
  cellsOf.forEach((cells, r) => {
    let c = 0;
    for (const cell of cells) {
      while (grid[r]![c] !== undefined) c++;
      const colspan = span(cell, 'colspan', MAX_COLSPAN);
      const rowspan = span(cell, 'rowspan', cellsOf.length - r);
      const text = cellText(cell);
      for (let dr = 0; dr < rowspan; dr++) {
        for (let dc = 0; dc < colspan; dc++) grid[r + dr]![c + dc] = dr === 0 && dc === 0 ? text : '';
      }
      c += colspan;
    }
  });
  const width = Math.max(0, ...grid.map((row) => row.length));
  return grid.map((row) => Array.from({ length: width }, (_, i) => row[i] ?? '')).filter((row) => row.some((v) => v !== ''));
}

function cellText(cell: HTMLElement): string {
  const c = new Collector(false);
  for (const child of cell.childNodes) c.walk(child, false);
  c.flush();
  return c.blocks
    .map((b) => (b.kind === 'paragraph' ? b.text : b.rows.map((r) => r.filter(Boolean).join(' ')).join('\n')))
    .join('\n');
}
