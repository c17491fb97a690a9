// Path parameters: a NUL character is refused as a bad request (found by tests/medium/fuzz.test.ts:
// `POST /api/devices/%00/secret` answered 500 on PostgreSQL, which cannot hold NUL in text).
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { param } from './validate';

describe('param', () => {
  it('joins a wildcard parameter and passes plain ids through', () => {
    expect(param({ id: 'box-1' }, 'id')).toBe('box-1');
    expect(param({ rest: ['a', 'b'] }, 'rest')).toBe('a/b');
    expect(param({}, 'id')).toBe('');
  });

  it('refuses a NUL character as invalid, naming the parameter', () => {
    const call = () => param({ id: 'box\u00001' }, 'id');
    expect(call).toThrow(DomainError);
    expect(call).toThrow(/path parameter id must not contain a NUL character/);
    try {
      call();
    } catch (err) {
      expect((err as DomainError).kind).toBe('invalid');
    }
  });
});
