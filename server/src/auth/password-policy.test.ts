import { describe, expect, it } from 'vitest';
import { blocklistSize, passwordProblem } from './password-policy';

describe('password policy', () => {
  it('accepts a long, uncommon password that is not the username', () => {
    expect(passwordProblem('violet-lantern-42', 'tech1')).toBeUndefined();
  });

  it('refuses one shorter than 10 characters, counting characters rather than bytes', () => {
    expect(passwordProblem('Xk3!pq9z', 'tech1')).toMatch(/at least 10/);
    expect(passwordProblem('路灯维修队一二三四五')).toBeUndefined();
    expect(passwordProblem('路灯维修队一二三四')).toMatch(/at least 10/);
  });

  it('refuses the username in any case', () => {
    expect(passwordProblem('Dispatcher', 'dispatcher')).toBe('the password may not be the username');
    expect(passwordProblem('DISPATCHER', 'dispatcher')).toBe('the password may not be the username');
  });

  it('refuses common passwords in any case', () => {
    for (const p of ['password123', 'Password123', 'qwertyuiop', '1234567890', 'iloveyou12'])
      expect(passwordProblem(p, 'someone'), p).toMatch(/most common/);
  });

  it('ships a blocklist of about a thousand entries', () => {
    expect(blocklistSize()).toBeGreaterThanOrEqual(900);
  });
});
