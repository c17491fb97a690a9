// RFC 4180 CSV, both ways, for bulk imports and credential exports. Fields are separated by commas and
// records by CRLF, LF or CR; a field may be quoted ("…"), and then holds commas, line breaks and doubled
// quotes (""). A UTF-8 byte order mark (as spreadsheets write it) is skipped; blank lines are skipped.
// Anything else — a stray quote inside an unquoted field, text after a closing quote, an unclosed
// quote — is an error naming the line, never a silent guess.

export class CsvError extends Error {
  constructor(
    message: string,
    /** 1-based line of the text where the problem is. */
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvError';
  }
}

export interface CsvRecord {
  /** 1-based line on which the record starts (a quoted field may span lines). */
  line: number;
  fields: string[];
}

/** Parses CSV text into records (the header, if any, is the first record). Throws CsvError. */
export function parseCsv(input: string): CsvRecord[] {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false; // the current field started with a quote
  let inQuotes = false; // inside that quote now
  let line = 1;
  let recordLine = 1;
  let quoteLine = 1;

  const endField = () => {
    fields.push(field);
    field = '';
    quoted = false;
  };
  const endRecord = () => {
    const blank = fields.length === 0 && field === '' && !quoted;
    endField();
    if (!blank) records.push({ line: recordLine, fields });
    fields = [];
  };

  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          inQuotes = false;
        }
        continue;
      }
      if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
      field += c;
      continue;
    }
    if (c === ',') {
      endField();
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else if (quoted) {
      throw new CsvError(
        'text after the closing quote of a field: put the whole field in quotes, doubling any quote inside ("")',
        line,
      );
    } else if (c === '"') {
      if (field !== '') {
        throw new CsvError(
          'a quote inside an unquoted field: put the whole field in quotes and double the quote ("")',
          line,
        );
      }
      quoted = true;
      inQuotes = true;
      quoteLine = line;
    } else {
      field += c;
    }
  }
  if (inQuotes) throw new CsvError('a quoted field is never closed', quoteLine);
  endRecord();
  return records;
}

/** Quotes a field when it has to be: comma, quote, line break, or surrounding spaces. */
function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Formats records as CSV with CRLF line ends (RFC 4180), ending with a line break. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map(csvField).join(',') + '\r\n').join('');
}

/** A spreadsheet would run a cell starting with = + - @ as a formula: such text is quoted with '. */
export const safeCell = (v: string): string => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
