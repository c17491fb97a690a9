// A failed technician action in words: which kind of failure it was, so the page can say what
// happened and what to do (try again when back online; the ticket moved on; not your van any more).
import { ApiError } from '../../api/client';

export type TechErrorKind = 'offline' | 'conflict' | 'van-busy' | 'forbidden' | 'gone' | 'invalid' | 'other';

export function techErrorKind(err: unknown, online: boolean): TechErrorKind {
  if (err instanceof ApiError) {
    // The van was taken meanwhile (another ticket got it first): said in words, not the server's.
    if (err.status === 409 && err.code === 'van_busy') return 'van-busy';
    if (err.status === 409) return 'conflict';
    if (err.status === 403) return 'forbidden';
    if (err.status === 404) return 'gone';
    if (err.status === 400) return 'invalid';
    return 'other';
  }
  // fetch() rejects with a TypeError when the request never reached the server.
  if (!online || err instanceof TypeError) return 'offline';
  return 'other';
}

/** Whether the ticket shown is out of date after this failure (the page should re-load it). */
export function staleAfter(kind: TechErrorKind): boolean {
  return kind === 'conflict' || kind === 'van-busy' || kind === 'forbidden' || kind === 'gone';
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
