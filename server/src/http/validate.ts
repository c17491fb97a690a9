// Request validation against the contract schemas: a 400 whose message names each bad field.
import type { z } from 'zod';
import { HttpError } from './errors';

export function parse<S extends z.ZodType>(schema: S, data: unknown, where = 'body'): z.infer<S> {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const details = r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : where}: ${i.message}`);
  throw new HttpError(400, 'bad_request', `invalid ${where}: ${details.join('; ')}`);
}

/** A path parameter as one string. */
export function param(params: Record<string, string | string[] | undefined>, name: string): string {
  const v = params[name];
  return Array.isArray(v) ? v.join('/') : (v ?? '');
}
