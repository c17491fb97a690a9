// Bulk device registration (POST /api/devices/import): the rows of a JSON list or of a CSV file, each
// checked — schema, known type, attributes, ids repeated in the file or already registered — before
// any is registered. One bad row refuses the whole import, and the answer lists every bad row.
import { z } from 'zod';
import { CreateDeviceBody, IMPORT_MAX_ROWS, type ImportRowErrorDto } from '../contracts/dto';
import { CsvError, parseCsv } from '../formats/csv';
import { DomainError, invalid } from '../errors';
import { parse } from '../contracts/parse';

/** The CSV columns: the fields of POST /api/devices. Only `id` and `type` are required. */
export const IMPORT_COLUMNS = [
  'id',
  'type',
  'name',
  'compoundId',
  'lat',
  'lng',
  'rating_a',
  'poweredBy',
] as const;
const NUMERIC: ReadonlySet<string> = new Set(['lat', 'lng', 'rating_a']);
const NUMBER_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** One device to register, as POST /api/devices takes it. */
export type RegisterDevice = z.infer<typeof CreateDeviceBody>;

/** One row as received, before validation. */
export interface ImportRow {
  /** 1-based position in the list (CSV: not counting the header). */
  row: number;
  /** CSV only: the line of the file on which the row starts. */
  line?: number;
  data: unknown;
  /** Problems found while reading the row (CSV: field count, numbers). */
  errors?: string[];
}

/**
 * What forbids registering a device beyond its schema: unknown type, foreign attribute, id taken, a
 * poweredBy that names no feeder (`earlier`: id → type of the rows before, which may name one).
 */
export type RowProblems = (
  fields: { id?: string; type?: string; rating_a?: number; poweredBy?: string },
  earlier: ReadonlyMap<string, string>,
) => string[];

export class ImportRejectedError extends DomainError {
  constructor(readonly rows: ImportRowErrorDto[]) {
    const first = rows
      .slice(0, 3)
      .map((r) => `row ${r.row}${r.id === undefined ? '' : ` (${r.id})`}: ${r.errors.join(', ')}`);
    const more = rows.length > 3 ? `; and ${rows.length - 3} more rows (see rows)` : '';
    super(
      'invalid',
      'bad_request',
      `nothing was registered: ${rows.length} row${rows.length === 1 ? ' is' : 's are'} invalid — ${first.join('; ')}${more}`,
      { rows },
    );
  }
}

const Envelope = z.object({
  devices: z
    .array(z.unknown())
    .min(1, 'give at least one device')
    .max(IMPORT_MAX_ROWS, `at most ${IMPORT_MAX_ROWS} devices per import`),
});

/** The rows of a JSON body `{devices: [...]}`; 400 when the envelope itself is wrong. */
export function rowsFromJson(body: unknown): ImportRow[] {
  return parse(Envelope, body).devices.map((data, i) => ({ row: i + 1, data }));
}

const csvRefused = (message: string) => invalid(`CSV file refused: ${message}`);

/** The rows of a CSV file whose header names the columns; 400 when the file or its header is wrong. */
export function rowsFromCsv(text: string): ImportRow[] {
  let records;
  try {
    records = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvError) throw csvRefused(err.message);
    throw err;
  }
  const [header, ...body] = records;
  const expected = `the first line names the columns: ${IMPORT_COLUMNS.join(',')} (id and type required)`;
  if (!header) throw csvRefused(`it is empty; ${expected}`);
  const cols = header.fields.map((f) => f.trim());
  const unknown = cols.filter((c) => !(IMPORT_COLUMNS as readonly string[]).includes(c));
  if (unknown.length > 0) {
    throw csvRefused(`unknown column ${unknown.map((c) => `'${c}'`).join(', ')}; ${expected}`);
  }
  const repeated = cols.filter((c, i) => cols.indexOf(c) !== i);
  if (repeated.length > 0) throw csvRefused(`column '${repeated[0]}' appears twice in the header`);
  const missing = ['id', 'type'].filter((c) => !cols.includes(c));
  if (missing.length > 0) throw csvRefused(`no column ${missing.join(' or ')}; ${expected}`);
  if (body.length === 0) throw csvRefused('it has a header but no devices');
  if (body.length > IMPORT_MAX_ROWS) {
    throw csvRefused(`${body.length} devices; at most ${IMPORT_MAX_ROWS} per import`);
  }

  return body.map((rec, i) => {
    const errors: string[] = [];
    if (rec.fields.length !== cols.length) {
      errors.push(`has ${rec.fields.length} fields, the header has ${cols.length}`);
    }
    const data: Record<string, string | number> = {};
    cols.forEach((col, j) => {
      const value = (rec.fields[j] ?? '').trim();
      if (value === '') return; // an empty cell is an absent field
      if (!NUMERIC.has(col)) data[col] = value;
      else if (NUMBER_RE.test(value)) data[col] = Number(value);
      else errors.push(`${col}: '${value}' is not a number`);
    });
    return { row: i + 1, line: rec.line, data, errors };
  });
}

const field = <T>(data: unknown, key: string, kind: 'string' | 'number'): T | undefined => {
  if (typeof data !== 'object' || data === null) return undefined;
  const v = (data as Record<string, unknown>)[key];
  return typeof v === kind ? (v as T) : undefined;
};

/**
 * Validates every row (schema, then `problems`, then ids repeated within the rows) and returns them
 * parsed, in order. Throws ImportRejectedError listing each bad row with all of its errors.
 */
export function checkRows(rows: readonly ImportRow[], problems: RowProblems): RegisterDevice[] {
  const bad: ImportRowErrorDto[] = [];
  const ok: RegisterDevice[] = [];
  const firstRowOf = new Map<string, number>();
  const earlier = new Map<string, string>();
  for (const r of rows) {
    const errors = [...(r.errors ?? [])];
    const parsed = CreateDeviceBody.safeParse(r.data);
    if (!parsed.success) {
      for (const i of parsed.error.issues) {
        errors.push(`${i.path.length > 0 ? i.path.join('.') : 'device'}: ${i.message}`);
      }
    }
    const id = field<string>(r.data, 'id', 'string')?.slice(0, 100);
    const type = field<string>(r.data, 'type', 'string');
    const rating = field<number>(r.data, 'rating_a', 'number');
    const poweredBy = field<string>(r.data, 'poweredBy', 'string');
    errors.push(
      ...problems(
        {
          ...(id !== undefined && { id }),
          ...(type !== undefined && { type }),
          ...(rating !== undefined && { rating_a: rating }),
          ...(poweredBy !== undefined && { poweredBy }),
        },
        earlier,
      ),
    );
    if (id !== undefined && type !== undefined && !earlier.has(id)) earlier.set(id, type);
    if (id !== undefined) {
      const first = firstRowOf.get(id);
      if (first === undefined) firstRowOf.set(id, r.row);
      else errors.push(`id: '${id}' is already in row ${first} of this import`);
    }
    if (errors.length > 0) {
      bad.push({
        row: r.row,
        ...(r.line !== undefined && { line: r.line }),
        ...(id !== undefined && { id }),
        errors,
      });
    } else if (parsed.success) {
      ok.push(parsed.data);
    }
  }
  if (bad.length > 0) throw new ImportRejectedError(bad);
  return ok;
}
