// CSV that Excel opens correctly: UTF-8 with a byte-order mark, CRLF line ends, RFC 4180 quoting.
// Text that a spreadsheet would run as a formula (= + - @, or a leading tab / carriage return) gets
// a leading apostrophe; numbers are written as they are (seconds, rates as decimals).
export type CsvValue = string | number | null | undefined;

export const BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The whole file: BOM, the header row, then one line per row. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(csvField).join(','));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

/** redsail-stats-compounds-2026-11-25.csv; a range of days: …-2026-11-19_2026-11-25.csv. */
export function csvFilename(table: string, first: string, last: string): string {
  const days = first === last ? first : `${first}_${last}`;
  return `redsail-stats-${table}-${days}.csv`;
}
