// Domain errors: what services and decisions throw when a request cannot be carried out. They speak
// no HTTP; the HTTP layer maps each kind to a status (http/errors.ts), other callers read the kind.
// Messages are for a person: what is wrong and what to do.
export type DomainErrorKind = 'invalid' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    /** The wire `error` code (api.md): `bad_request`, `not_found`, `conflict`, `van_busy`, … */
    readonly code: string,
    message: string,
    /** Extra fields of the error response, e.g. `allowed` events or the bad `rows` of an import. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** Bad input: the request itself is wrong and changes nothing. */
export const invalid = (message: string, details?: Record<string, unknown>) =>
  new DomainError('invalid', 'bad_request', message, details);
export const unauthorized = (message: string) => new DomainError('unauthorized', 'unauthorized', message);
export const forbidden = (message: string) => new DomainError('forbidden', 'forbidden', message);
export const notFound = (what: string) => new DomainError('not_found', 'not_found', `${what} does not exist`);
/** The request is well formed but the current state does not allow it. */
export const conflict = (message: string, code = 'conflict', details?: Record<string, unknown>) =>
  new DomainError('conflict', code, message, details);
