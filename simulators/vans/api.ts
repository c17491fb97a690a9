// A small client for the Redsail API: bearer token, JSON in, zod-checked JSON out, errors with the
// server's code and message (or `unreachable` when the server cannot be reached at all).
import { z } from 'zod';
import { CompoundDto, TicketDto, VanDto } from '../../server/src/contracts/dto';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const ErrorBody = z.object({ error: z.string(), message: z.string() }).partial();

/** What the simulator reads of a ticket. */
export const TicketLite = TicketDto.pick({
  id: true,
  status: true,
  category: true,
  vanId: true,
  lat: true,
  lng: true,
  compoundId: true,
});
export type TicketLite = z.infer<typeof TicketLite>;
export const VanLite = VanDto.pick({ id: true, status: true, lat: true, lng: true, ticketId: true });
export type VanLite = z.infer<typeof VanLite>;
export const CompoundLite = CompoundDto.pick({ id: true, outline: true });
export type CompoundLite = z.infer<typeof CompoundLite>;
export const LoginResult = z.object({ token: z.string() });

const TIMEOUT_MS = 10_000;

export class Api {
  constructor(
    readonly baseUrl: string,
    public token?: string,
  ) {}

  async request<T>(method: 'GET' | 'POST', path: string, schema: z.ZodType<T>, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(new URL(path, this.baseUrl), {
        method,
        headers,
        signal: AbortSignal.timeout(TIMEOUT_MS),
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
    } catch (err) {
      const why = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : '';
      throw new ApiError(0, 'unreachable', `${method} ${path}: the server does not answer (${why})`);
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!res.ok) {
      const e = ErrorBody.safeParse(json);
      const code = (e.success && e.data.error) || 'http_error';
      const msg = (e.success && e.data.message) || text.slice(0, 200);
      throw new ApiError(res.status, code, `${method} ${path}: ${res.status} ${code}: ${msg}`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success)
      throw new ApiError(
        res.status,
        'bad_response',
        `${method} ${path}: unexpected answer: ${parsed.error.message}`,
      );
    return parsed.data;
  }

  get<T>(path: string, schema: z.ZodType<T>): Promise<T> {
    return this.request('GET', path, schema);
  }
  post<T>(path: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
    return this.request('POST', path, schema, body);
  }
}

/** Statuses in which a ticket holds its van (the server's VAN_BUSY_STATUSES). */
export const BUSY = 'dispatched,accepted,en_route,on_site';

export const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));
