// The keys of a flat JSON object, read from its bytes without parsing it: where each key's quoted
// bytes begin and end. For deciding, at a fraction of JSON.parse's cost, that a reading has exactly
// the keys of another. Not a validator: the bytes between keys are only skipped.

const SPACE = new Uint8Array(256);
for (const c of [0x20, 0x09, 0x0a, 0x0d]) SPACE[c] = 1;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function space(buf: Uint8Array, i: number, to: number): number {
  while (i < to && buf[i]! <= 0x20 && SPACE[buf[i]!]) i++;
  return i;
}

/** Past the closing quote of the string whose opening quote is at `i`; -1 if it does not end. */
function skipString(buf: Uint8Array, i: number, to: number): number {
  for (i++; i < to; i++) {
    const c = buf[i]!;
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i + 1;
  }
  return -1;
}

/**
 * The keys of the JSON object in `buf[from, to)` as [start, end) pairs of their quoted bytes, in
 * order; undefined when it is not a flat object (a value that is an object or an array, or bytes
 * that are not shaped like one).
 */
export function keyRanges(buf: Uint8Array, from: number, to: number): number[] | undefined {
  const keys: number[] = [];
  return scan(buf, from, to, keys, undefined) ? keys : undefined;
}

/**
 * Whether the JSON object in `buf[from, to)` is flat and has exactly the keys `keys` (from
 * keyRanges, within `buf`), in the same order. Allocates nothing.
 */
export function hasKeys(buf: Uint8Array, from: number, to: number, keys: readonly number[]): boolean {
  return scan(buf, from, to, undefined, keys);
}

/** Whether `buf[start, end)` equals the `k`-th key of `keys`. */
function keyIs(buf: Uint8Array, start: number, end: number, keys: readonly number[], k: number): boolean {
  if (k >= keys.length) return false;
  const at = keys[k]!;
  const n = end - start;
  if (keys[k + 1]! - at !== n) return false;
  for (let j = 0; j < n; j++) if (buf[start + j] !== buf[at + j]) return false;
  return true;
}

/** Walks a flat JSON object, collecting its keys into `out` or matching them against `expect`. */
function scan(
  buf: Uint8Array,
  from: number,
  to: number,
  out: number[] | undefined,
  expect: readonly number[] | undefined,
): boolean {
  let k = 0;
  let i = space(buf, from, to);
  if (buf[i] !== 0x7b) return false; // {
  i = space(buf, i + 1, to);
  if (buf[i] === 0x7d) return space(buf, i + 1, to) === to && (!expect || expect.length === 0); // {}
  for (;;) {
    if (buf[i] !== QUOTE) return false;
    const end = skipString(buf, i, to);
    if (end < 0) return false;
    if (expect) {
      if (!keyIs(buf, i, end, expect, k)) return false;
      k += 2;
    } else out?.push(i, end);
    i = space(buf, end, to);
    if (buf[i] !== 0x3a) return false; // :
    i = space(buf, i + 1, to);
    const c = buf[i];
    if (c === QUOTE) {
      i = skipString(buf, i, to);
      if (i < 0) return false;
    } else {
      if (c === undefined || c === 0x7b || c === 0x5b || c === 0x2c || c === 0x7d) return false;
      // A number, true, false or null: up to the next comma, brace or space.
      while (i < to) {
        const d = buf[i]!;
        if (d === 0x2c || d === 0x7d || (d <= 0x20 && SPACE[d])) break;
        i++;
      }
    }
    i = space(buf, i, to);
    if (buf[i] === 0x2c) {
      i = space(buf, i + 1, to);
      continue;
    }
    return buf[i] === 0x7d && space(buf, i + 1, to) === to && (!expect || k === expect.length);
  }
}
