// Unit spec of the store fault classification: the codes both backends report for a full disk, a
// read-only file or database, and a store that does not answer.
import { describe, expect, it } from 'vitest';
import { classifyStoreError } from './fault';

const err = (message: string, code?: string) => Object.assign(new Error(message), code && { code });

describe('classifyStoreError', () => {
  it.each([
    [err('database or disk is full', 'SQLITE_FULL'), 'full'],
    [err('could not extend file', '53100'), 'full'],
    [err('attempt to write a readonly database', 'SQLITE_READONLY'), 'read-only'],
    [err('disk I/O error', 'SQLITE_IOERR_WRITE'), 'read-only'],
    [err('cannot execute INSERT in a read-only transaction', '25006'), 'read-only'],
    [err('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'), 'unavailable'],
    [err('terminating connection due to administrator command', '57P01'), 'unavailable'],
    [err('Connection terminated unexpectedly'), 'unavailable'],
    [err('database is locked', 'SQLITE_BUSY'), 'unavailable'],
    [err("the store's commit worker stopped (exit code 1)"), 'unavailable'],
    [err('UNIQUE constraint failed', 'SQLITE_CONSTRAINT_UNIQUE'), 'failed'],
    ['not an error', 'failed'],
  ])('%s → %s', (error, kind) => {
    expect(classifyStoreError(error)).toBe(kind);
  });
});
