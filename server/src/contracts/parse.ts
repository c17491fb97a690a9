// Input validation against the contract schemas: an `invalid` domain error whose message names each
// bad field. Used by the HTTP routers and by anything else that reads a wire format.
import type { z } from 'zod';
import { invalid } from '../errors';

export function parse<S extends z.ZodType>(schema: S, data: unknown, where = 'body'): z.infer<S> {
  const r = schema.safeParse(data);
  if (r.success) {
    const at = nulAt(r.data, where);
    if (at !== undefined) throw invalid(`invalid ${at}: must not contain a NUL character`);
    return r.data;
  }
  const details = r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : where}: ${i.message}`);
  throw invalid(`invalid ${where}: ${details.join('; ')}`);
}

/**
 * Where the first string holding a NUL character is (key or value), if any: PostgreSQL cannot store
 * text with one, so such input is refused as invalid on both backends instead of failing in the store.
 */
function nulAt(v: unknown, path: string, depth = 0): string | undefined {
  if (typeof v === 'string') return v.includes('\u0000') ? path : undefined;
  if (typeof v !== 'object' || v === null || depth > 64) return undefined;
  for (const [k, x] of Object.entries(v)) {
    const p = `${path}.${k}`;
    if (k.includes('\u0000')) return p;
    const at = nulAt(x, p, depth + 1);
    if (at !== undefined) return at;
  }
  return undefined;
}
