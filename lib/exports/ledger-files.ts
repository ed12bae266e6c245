import ExcelJS from 'exceljs';
import { toCsv, neutralizeFormula } from './csv';
import { systemName } from './export-district';
import { ledgerTable, type LedgerCell, type LedgerColumn, type LedgerExport } from './ledger-export';

/**
 * The two renderings of the ledger model: .xlsx (exceljs) and .csv. Both take the same rows from
 * `ledgerTable`; text cells are neutralised against formula injection in both.
 */

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_MIME = 'text/csv; charset=utf-8';

/** Row 1: title; row 2: header; data from row 3. */
export const LEDGER_HEADER_ROW = 2;

const THIN = { style: 'thin' as const, color: { argb: 'FF9CA3AF' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

function xlsxValue(cell: LedgerCell, column: LedgerColumn): string | number | null {
  if (cell === null) return null;
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : null;
  return column.kind === 'text' || typeof cell === 'string' ? neutralizeFormula(cell) : cell;
}

export async function writeLedgerXlsx(model: LedgerExport, createdAt: Date): Promise<Buffer> {
  const table = ledgerTable(model);
  const wb = new ExcelJS.Workbook();
  wb.creator = systemName(model.district);
  wb.created = createdAt;
  wb.modified = createdAt;
  const ws = wb.addWorksheet('工作台账', {
    views: [{ state: 'frozen', xSplit: 0, ySplit: LEDGER_HEADER_ROW, topLeftCell: `A${LEDGER_HEADER_ROW + 1}`, activeCell: `A${LEDGER_HEADER_ROW + 1}` }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${LEDGER_HEADER_ROW}:${LEDGER_HEADER_ROW}` },
  });
  ws.columns = table.columns.map((c) => ({ key: c.key, width: c.width }));

  const title = ws.getRow(1);
  title.getCell(1).value = neutralizeFormula(table.title);
  title.font = { bold: true, size: 14 };
  title.height = 26;
  title.alignment = { vertical: 'middle', horizontal: 'left' };
  ws.mergeCells(1, 1, 1, Math.max(1, table.columns.length));

  const header = ws.getRow(LEDGER_HEADER_ROW);
  table.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE5E7EB' } };
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    cell.border = BORDER;
  });
  header.height = 32;
  ws.autoFilter = { from: { row: LEDGER_HEADER_ROW, column: 1 }, to: { row: LEDGER_HEADER_ROW, column: table.columns.length } };

  table.rows.forEach((cells, r) => {
    const row = ws.getRow(LEDGER_HEADER_ROW + 1 + r);
    cells.forEach((value, i) => {
      const column = table.columns[i]!;
      const cell = row.getCell(i + 1);
      cell.value = xlsxValue(value, column);
      cell.alignment = { vertical: 'top', wrapText: true, horizontal: column.kind === 'text' ? 'left' : 'center' };
      cell.border = BORDER;
      if (column.kind === 'percent') cell.numFmt = '0.0%';
    });
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * UTF-8 with BOM and RFC 4180 quoting. The header is the first line (no title line), so that the
 * file stays a plain table for re-import; the export date is in the file name.
 */
export function writeLedgerCsv(model: LedgerExport): string {
  const table = ledgerTable(model);
  const rows = table.rows.map((cells) =>
    cells.map((value, i) => (value !== null && typeof value === 'number' && table.columns[i]!.kind === 'percent' ? `${(value * 100).toFixed(1)}%` : value)),
  );
  return toCsv([table.columns.map((c) => c.header), ...rows]);
}
