// HTTP errors: `{error, message}` with a 4xx status (api.md). Domain errors (../errors.ts) get their
// status here; HttpError is for what only HTTP can get wrong (no such route, media type, throttling).
import type { DomainErrorKind } from '../errors';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The status of each kind of domain error. */
export const STATUS_OF: Record<DomainErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
};
