/**
 * Helpers shared by the file writers: spreadsheet formula neutralising and RFC 4180 CSV.
 * Pure functions, no I/O.
 */

/** Characters that make Excel/WPS treat a typed-in cell as a formula (or DDE), per OWASP. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A cell that a spreadsheet would read as a formula (=cmd|' /C calc'!A0, +1+1, -2+3, @SUM(…)) is
 * prefixed with an apostrophe so that it stays text. Report text and unit names are typed by
 * users, so every text cell goes through here — in the CSV and in the .xlsx alike.
 */
export function neutralizeFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export type CsvValue = string | number | null | undefined;

/** One CSV field: quoted when it holds a comma, quote, CR or LF; quotes doubled (RFC 4180). */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : neutralizeFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** UTF-8 byte order mark: without it Excel and WPS open a UTF-8 CSV as GBK and garble Chinese. */
export const UTF8_BOM = '\uFEFF';

/** A whole CSV document: BOM, CRLF line ends (RFC 4180). */
export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
  return UTF8_BOM + rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
