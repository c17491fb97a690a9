import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle';

describe('LoginThrottle', () => {
  const limits = { perUser: 3, perAddress: 5, windowMs: 60_000 };

  it('blocks a username after its failures until the window passes, telling how long to wait', () => {
    let t = 0;
    const th = new LoginThrottle(limits, () => t);
    for (let i = 0; i < 3; i++) {
      expect(th.retryAfter('admin', 'a1')).toBe(0);
      th.fail('admin', 'a1');
    }
    expect(th.retryAfter('admin', 'a2')).toBe(60);
    t = 30_000;
    expect(th.retryAfter('admin', 'a2')).toBe(30);
    expect(th.retryAfter('disp', 'a2')).toBe(0);
    t = 60_000;
    expect(th.retryAfter('admin', 'a2')).toBe(0);
  });

  it('blocks an address after more failures across usernames', () => {
    const th = new LoginThrottle(limits, () => 0);
    for (let i = 0; i < 5; i++) th.fail(`user${i}`, 'a1');
    expect(th.retryAfter('someone-else', 'a1')).toBe(60);
    expect(th.retryAfter('someone-else', 'a2')).toBe(0);
  });

  it('a successful login clears the username’s failures', () => {
    const th = new LoginThrottle(limits, () => 0);
    for (let i = 0; i < 3; i++) th.fail('admin', 'a1');
    th.succeed('admin');
    expect(th.retryAfter('admin', 'a9')).toBe(0);
  });
});
