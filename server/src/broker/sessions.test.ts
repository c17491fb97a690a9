import { describe, expect, it } from 'vitest';
import { DeviceSessions, sessionProblem, type SessionClient } from './sessions';

function client(id: string): SessionClient {
  const c: SessionClient = {
    id,
    closed: false,
    close: () => {
      c.closed = true;
    },
  };
  return c;
}

describe('DeviceSessions', () => {
  it('a new connection of a device evicts its previous one, whatever the client ids', () => {
    const evicted: [string, string][] = [];
    const s = new DeviceSessions((prev, next) => {
      evicted.push([prev.id, next.id]);
      prev.close();
    });
    const a = client('box-1');
    const b = client('made-up-1');
    expect(s.claim('box-1', a)).toBe(false);
    expect(s.claim('box-1', b)).toBe(true);
    expect(evicted).toEqual([['box-1', 'made-up-1']]);
    expect(a.closed).toBe(true);
    expect(s.get('box-1')).toBe(b);
    // The old one's late close does not forget the new one.
    s.release('box-1', a);
    expect(s.get('box-1')).toBe(b);
    s.release('box-1', b);
    expect(s.get('box-1')).toBeUndefined();
    expect(s.size).toBe(0);
  });

  it('a closed connection is not evicted again', () => {
    let evictions = 0;
    const s = new DeviceSessions(() => evictions++);
    const a = client('box-1');
    s.claim('box-1', a);
    a.closed = true;
    expect(s.claim('box-1', client('box-1'))).toBe(false);
    expect(evictions).toBe(0);
  });
});

describe('sessionProblem', () => {
  it('allows any client id with a clean session and only the device id with a persistent one', () => {
    expect(sessionProblem('box-1', 'box-1', false)).toBeUndefined();
    expect(sessionProblem('box-1', 'anything', true)).toBeUndefined();
    expect(sessionProblem('box-1', 'anything', false)).toMatch(/client id/);
  });
});
