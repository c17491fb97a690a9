// The one fetch wrapper: JSON in and out, the httpOnly session cookie (same origin), errors as
// ApiError with the server's {error, message}. A 401 on any call but the login itself means the
// session is gone: the registered handler sends the user back to /login.
import type { ErrorDto } from '../../../../server/src/contracts/dto';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let unauthorized: () => void = () => {};

/** Called once by the session: what to do when the server answers 401. */
export function onUnauthorized(handler: () => void): void {
  unauthorized = handler;
}

export interface RequestOptions {
  body?: unknown;
  /** A multipart body instead of JSON (the browser sets its content type and boundary). */
  form?: FormData;
  /** Extra request headers (e.g. Idempotency-Key). */
  headers?: Record<string, string>;
  /** A 401 is an answer, not an expired session (the login form). */
  expect401?: boolean;
  signal?: AbortSignal;
}

export async function request<T>(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  opts: RequestOptions = {},
): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      accept: 'application/json',
      ...(opts.body !== undefined && { 'content-type': 'application/json' }),
      ...opts.headers,
    },
    ...(opts.body !== undefined && { body: JSON.stringify(opts.body) }),
    ...(opts.form && { body: opts.form }),
    ...(opts.signal && { signal: opts.signal }),
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = undefined;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: a proxy's error page; reported below by status
  }
  if (!res.ok) {
    if (res.status === 401 && !opts.expect401) unauthorized();
    const err = (data ?? {}) as Partial<ErrorDto>;
    throw new ApiError(
      res.status,
      err.error ?? 'http_error',
      err.message ?? `${res.status} ${res.statusText}`,
    );
  }
  return data as T;
}

export const get = <T>(path: string, signal?: AbortSignal) =>
  request<T>('GET', path, signal ? { signal } : {});
export const post = <T>(path: string, body?: unknown, opts: Omit<RequestOptions, 'body'> = {}) =>
  request<T>('POST', path, { ...opts, body });
export const del = <T>(path: string) => request<T>('DELETE', path);
