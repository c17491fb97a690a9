import { describe, expect, it } from 'vitest';
import { ConnectionCaps } from './connection-caps';

describe('ConnectionCaps', () => {
  it('caps connections per address (IPv6 by its /64) and in total, and frees slots on close', () => {
    const caps = new ConnectionCaps({ perAddress: 2, total: 3 });
    expect(caps.opened('10.0.0.1')).toBe('ok');
    expect(caps.opened('::ffff:10.0.0.1')).toBe('ok');
    expect(caps.opened('10.0.0.1')).toBe('address');
    expect(caps.opened('2001:db8::1')).toBe('ok');
    expect(caps.opened('2001:db8::2')).toBe('total');
    expect(caps.size).toBe(3);
    caps.closed('10.0.0.1');
    expect(caps.opened('2001:db8:0:0:ffff::9')).toBe('ok');
    caps.closed('10.0.0.1');
    expect(caps.opened('2001:db8::3')).toBe('address');
    caps.closed('2001:db8::1');
    caps.closed('2001:db8::1');
    expect(caps.size).toBe(0);
    expect(caps.addresses).toBe(0);
    // A close of something never admitted changes nothing.
    caps.closed('10.9.9.9');
    expect(caps.size).toBe(0);
  });

  it('keeps at most maxRefusing refused connections open to explain', () => {
    const caps = new ConnectionCaps({ perAddress: 1, total: 1, maxRefusing: 2 });
    expect(caps.mayExplain()).toBe(true);
    expect(caps.mayExplain()).toBe(true);
    expect(caps.mayExplain()).toBe(false);
    caps.refused();
    expect(caps.mayExplain()).toBe(true);
  });
});
