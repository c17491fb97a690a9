import { describe, expect, it } from 'vitest';
import { techMayReach, techMaySend, type TechCommandCheck } from './tech-command';

const why = (c: TechCommandCheck) => (c.ok ? '' : c.message);

describe('tech-command', () => {
  it('a technician reaches a device only through an open ticket of their van', () => {
    expect(why(techMayReach(undefined, 1))).toMatch(/without a van/);
    expect(why(techMayReach('van-1', 0))).toMatch(/open ticket/);
    expect(techMayReach('van-1', 1)).toEqual({ ok: true });
  });

  it('only safe commands; a disruptive one is left to the dispatcher', () => {
    expect(techMaySend({ name: 'report_now', disruptive: false })).toEqual({ ok: true });
    expect(why(techMaySend({ name: 'reset_breaker', disruptive: true }))).toMatch(
      /reset_breaker.*dispatcher/,
    );
  });
});
