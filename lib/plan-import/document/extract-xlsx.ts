/**
 * Excel breakdown tables (任务分解表, .xlsx) through exceljs.
 *
 * One sheet is read (options.sheet, else the first visible sheet with content) as one TableBlock:
 * cell text by row, blank rows and empty edge columns dropped; a merged range keeps its value in
 * its top-left cell and '' in the cells it covers (the parsers carry a category or a unit down).
 * The rows above the table that hold a single value — the merged title row, an "附件1" — become
 * paragraphs before it. A sheet that is one column of text is read as paragraphs.
 *
 * The caller has already checked that the file is a zip holding a workbook and is no zip bomb.
 */
import ExcelJS from 'exceljs';
import { DocumentExtractError, displayName } from './document-error';
import type { DocBlock, NoticeDocument } from './document';

export async function extractXlsx(bytes: Uint8Array, fileName: string, options: { sheet?: string } = {}): Promise<NoticeDocument> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's own Buffer type is narrower than Node's; the bytes are what it reads.
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch (err) {
    throw new DocumentExtractError(
      `Excel 文件“${displayName(fileName)}”无法打开（文件可能已损坏或不是标准的 .xlsx）：请用 Excel 或 WPS 打开后另存为 .xlsx 再上传。`,
      { cause: err },
    );
  }
  const sheets = workbook.worksheets;
  const names = sheets.map((s) => s.name);
  let sheet: ExcelJS.Worksheet | undefined;
  let rows: string[][] = [];
  if (options.sheet !== undefined) {
    sheet = sheets.find((s) => s.name === options.sheet);
    if (!sheet) {
      throw new DocumentExtractError(`工作簿“${displayName(fileName)}”中没有名为“${options.sheet}”的工作表（现有：${names.join('、')}）。`);
    }
    rows = sheetRows(sheet);
    if (rows.length === 0) throw new DocumentExtractError(`工作表“${sheet.name}”是空的：请选择其他工作表。`);
  } else {
    for (const s of sheets.filter((ws) => ws.state === 'visible' || ws.state === undefined)) {
      rows = sheetRows(s);
      if (rows.length) {
        sheet = s;
        break;
      }
    }
    if (!sheet) throw new DocumentExtractError(`Excel 文件“${displayName(fileName)}”中没有内容。`);
  }
  return { blocks: rowsToBlocks(rows), source: { format: 'xlsx', fileName, sheet: sheet.name, sheets: names } };
}

/** The sheet's non-blank rows as cell text, trimmed to the columns that hold something. */
export function sheetRows(sheet: ExcelJS.Worksheet): string[][] {
  const rows: string[][] = [];
  const width = sheet.columnCount;
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) {
      const cell = row.getCell(c);
      // A cell covered by a merge reads its master's value in exceljs; the document wants ''.
      cells.push(cell.type === ExcelJS.ValueType.Merge ? '' : cellText(cell.value, cell.numFmt));
    }
    if (cells.some((v) => v !== '')) rows.push(cells);
  });
  return trimColumns(rows);
}

function trimColumns(rows: string[][]): string[][] {
  if (rows.length === 0) return rows;
  const width = Math.max(...rows.map((r) => r.length));
  const used = (c: number) => rows.some((r) => (r[c] ?? '') !== '');
  let first = 0;
  while (first < width && !used(first)) first++;
  let last = width - 1;
  while (last >= first && !used(last)) last--;
  return rows.map((r) => Array.from({ length: last - first + 1 }, (_, i) => r[first + i] ?? ''));
}

/** Title rows (one value) before the table become paragraphs; no table row at all → all paragraphs. */
function rowsToBlocks(rows: string[][]): DocBlock[] {
  const filled = (r: string[]) => r.filter((v) => v !== '').length;
  let tableStart = rows.findIndex((r) => filled(r) >= 2);
  if (tableStart < 0) tableStart = rows.length;
  const blocks: DocBlock[] = [];
  let line = 1;
  for (const r of rows.slice(0, tableStart)) blocks.push({ kind: 'paragraph', text: r.find((v) => v !== '') ?? '', line: line++ });
  const table = trimColumns(rows.slice(tableStart));
  if (table.length) blocks.push({ kind: 'table', rows: table, line });
  return blocks;
}

/** A cell value as the text Excel shows, near enough: rich text and formula results as plain text, dates as YYYY-MM-DD. */
export function cellText(value: ExcelJS.CellValue, numFmt?: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.replace(/\r\n?/g, '\n').trim();
  if (typeof value === 'number') return numberText(value, numFmt);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('').replace(/\r\n?/g, '\n').trim();
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as ExcelJS.CellFormulaValue).result;
    return result === undefined ? '' : cellText(result as ExcelJS.CellValue, numFmt);
  }
  if ('hyperlink' in value) return cellText((value as ExcelJS.CellHyperlinkValue).text as ExcelJS.CellValue, numFmt);
  if ('error' in value) return String(value.error);
  return '';
}

function numberText(n: number, numFmt?: string): string {
  if (numFmt && /%/.test(numFmt.replace(/"[^"]*"/g, ''))) return `${+(n * 100).toPrecision(12)}%`;
  return String(+n.toPrecision(15)); // 0.1 + 0.2 shows as 0.3 in Excel too
}

/** exceljs gives dates as UTC instants of the wall-clock time written in the cell. */
function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const p = (n: number) => String(n).padStart(2, '0');
  const date = `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`;
  const hasTime = d.getUTCHours() || d.getUTCMinutes() || d.getUTCSeconds();
  return hasTime ? `${date} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}` : date;
}
