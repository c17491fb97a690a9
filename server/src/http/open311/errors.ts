// Open311 GeoReport v2 errors: `[{"code": <HTTP status>, "description": "..."}]` with the same HTTP
// status (the standard's format, not the API's {error, message}).
import type { ErrorRequestHandler, Response } from 'express';
import { DomainError } from '../../errors';
import type { Logger } from '../../log';
import { STATUS_OF } from '../errors';

export class Open311Error extends Error {
  constructor(
    readonly status: number,
    description: string,
  ) {
    super(description);
    this.name = 'Open311Error';
  }
}

export const sendOpen311Error = (res: Response, status: number, description: string): void => {
  res.status(status).json([{ code: status, description }]);
};

export function open311Errors(log: Pick<Logger, 'error'>): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    if (err instanceof Open311Error) return sendOpen311Error(res, err.status, err.message);
    if (err instanceof DomainError) return sendOpen311Error(res, STATUS_OF[err.kind], err.message);
    const e = err as { type?: string; status?: number; message?: string };
    if (e.type === 'entity.too.large') return sendOpen311Error(res, 413, 'the request body is too large');
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500)
      return sendOpen311Error(res, e.status, e.message ?? 'bad request');
    log.error({ err, method: req.method, path: req.path }, 'open311 request failed');
    sendOpen311Error(res, 500, 'the server failed to handle this request; it has been logged');
  };
}
