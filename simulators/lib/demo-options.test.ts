// `npm run demo` options: bots on unless --no-bots, loopback unless HOST says otherwise.
import { describe, expect, it } from 'vitest';
import { DEMO_HOST, DemoUsageError, isLoopback, localHost, parseDemoArgs } from './demo-options';

describe('parseDemoArgs', () => {
  it('runs the bots and listens on 127.0.0.1 by default', () => {
    expect(parseDemoArgs([], {})).toEqual({ bots: true, host: '127.0.0.1' });
    expect(DEMO_HOST).toBe('127.0.0.1');
  });

  it('runs without the bots with --no-bots', () => {
    expect(parseDemoArgs(['--no-bots'], {}).bots).toBe(false);
  });

  it('listens where HOST says (an empty HOST is the default)', () => {
    expect(parseDemoArgs([], { HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(parseDemoArgs(['--no-bots'], { HOST: '192.168.1.20' })).toEqual({
      bots: false,
      host: '192.168.1.20',
    });
    expect(parseDemoArgs([], { HOST: ' ' }).host).toBe('127.0.0.1');
  });

  it('refuses an unknown option, with the usage', () => {
    expect(() => parseDemoArgs(['--nobots'], {})).toThrow(DemoUsageError);
    expect(() => parseDemoArgs(['--nobots'], {})).toThrow(/--no-bots/);
  });
});

describe('localHost', () => {
  it('opens a wildcard bind on loopback and brackets IPv6', () => {
    expect(localHost('0.0.0.0')).toBe('127.0.0.1');
    expect(localHost('::')).toBe('127.0.0.1');
    expect(localHost('127.0.0.1')).toBe('127.0.0.1');
    expect(localHost('::1')).toBe('[::1]');
  });
});

describe('isLoopback', () => {
  it('tells a bind reachable from this machine only', () => {
    expect(['127.0.0.1', '127.0.1.1', 'localhost', '::1'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '::', '192.168.1.20'].some(isLoopback)).toBe(false);
  });
});
