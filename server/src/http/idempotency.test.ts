import { describe, expect, it } from 'vitest';
import { canonicalJson, requestFingerprint } from './idempotency';

describe('request fingerprints', () => {
  it('do not depend on the order of object keys, at any depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 0 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"x":0,"y":1}]},"b":1}',
    );
    expect(requestFingerprint('POST', '/api/tickets/', { a: 1, b: 2 })).toBe(
      requestFingerprint('POST', '/api/tickets/', { b: 2, a: 1 }),
    );
  });

  it('differ by method, path and body', () => {
    const base = requestFingerprint('POST', '/api/tickets/T1/events', { type: 'note', text: 'a' });
    expect(requestFingerprint('POST', '/api/tickets/T2/events', { type: 'note', text: 'a' })).not.toBe(base);
    expect(requestFingerprint('POST', '/api/tickets/T1/events', { type: 'note', text: 'b' })).not.toBe(base);
    expect(requestFingerprint('PUT', '/api/tickets/T1/events', { type: 'note', text: 'a' })).not.toBe(base);
    expect(requestFingerprint('POST', '/api/tickets/T1/events', ['note', 'a'])).not.toBe(base);
  });

  it('treat a missing body as null and absent fields as absent', () => {
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });
});
