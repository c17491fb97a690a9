// Input validation against the contract schemas: an `invalid` domain error whose message names each
// bad field. Used by the HTTP routers and by anything else that reads a wire format.
import type { z } from 'zod';
import { invalid } from '../errors';

export function parse<S extends z.ZodType>(schema: S, data: unknown, where = 'body'): z.infer<S> {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const details = r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : where}: ${i.message}`);
  throw invalid(`invalid ${where}: ${details.join('; ')}`);
}
