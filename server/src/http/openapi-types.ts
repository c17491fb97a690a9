// The shape of one operation in the OpenAPI description (openapi.ts builds the document from these).
import type { z } from 'zod';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
export interface Op {
  summary: string;
  roles: string;
  body?: z.ZodType;
  query?: z.ZodObject;
  ok: { status: number; schema?: z.ZodType };
  public?: true;
  /** Also accepts and answers text/csv (described here); JSON when Accept prefers it. */
  csv?: { request: string; response: string };
  /** The 400 answer, when it carries more than {error, message}. */
  badRequest?: z.ZodType;
  /** Answers 409 when the id is already taken. */
  conflict?: true;
  /** Honours Idempotency-Key (http/idempotency.ts): 409 while the first is in flight, 422 on reuse. */
  idempotent?: true;
  /** multipart/form-data with these text fields and a binary part `file`; 413 and 415 answers. */
  upload?: z.ZodObject;
  /** The answer is the bytes of an image (its own Content-Type). */
  image?: true;
  /** Also answers a file of this media type (a query parameter asks for it), described here. */
  download?: { type: string; description: string };
}
