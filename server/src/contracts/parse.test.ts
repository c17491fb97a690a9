// Body and query validation: besides the schema, no string (key or value) may hold a NUL character,
// which PostgreSQL cannot store (the fuzz of tests/medium/fuzz.test.ts found the 500 it caused).
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { parse } from './parse';

const Body = z.object({
  note: z.string(),
  tags: z.array(z.string()).optional(),
  data: z.record(z.string(), z.string()).optional(),
});

describe('parse', () => {
  it('returns the parsed data of a valid body', () => {
    expect(parse(Body, { note: 'ok', tags: ['a'] })).toEqual({ note: 'ok', tags: ['a'] });
  });

  it('names each bad field', () => {
    expect(() => parse(Body, { note: 1 })).toThrow(/invalid body: note:/);
  });

  it.each([
    [{ note: 'a\u0000b' }, 'body.note'],
    [{ note: 'ok', tags: ['x', '\u0000'] }, 'body.tags.1'],
    [{ note: 'ok', data: { 'k\u0000': 'v' } }, 'body.data.k\u0000'],
  ])('refuses a NUL character in %j as invalid (%s)', (input, where) => {
    const call = () => parse(Body, input);
    expect(call).toThrow(DomainError);
    expect(call).toThrow(`invalid ${where}: must not contain a NUL character`);
  });
});
