// The login back-off with the real server: counted before the hash, doubling windows on the app's
// clock, no lockout of a user by strangers, and a NAT's colleagues delayed only briefly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginFrom } from '../helpers/login';
import { metricValue } from '../helpers/metrics';
import { startServer, type TestServer } from '../helpers/server';

describe('login back-off', () => {
  let s: TestServer;
  const hashes = () => metricValue(s, 'redsail_login_hashes_total');
  const advance = (ms: number) => s.clock?.advance(ms);

  beforeAll(async () => {
    s = await startServer({ manualClock: true });
    for (const name of ['target', 'slow', 'victim', 'disp', 'view'])
      await s.api.userToken(s.admin, name, name === 'disp' ? 'dispatcher' : 'viewer');
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('150 parallel wrong guesses at one account reach the hash only 5 times', async () => {
    const before = await hashes();
    const results = await Promise.all(
      Array.from({ length: 150 }, (_, i) => loginFrom(s, 'target', `guess-${i}`, { from: '127.0.0.2' })),
    );
    expect((await hashes()) - before).toBe(5);
    expect(results.filter((r) => r.status === 401)).toHaveLength(5);
    const refused = results.filter((r) => r.status === 429);
    expect(refused).toHaveLength(145);
    for (const r of refused) {
      expect(r.body).toMatchObject({ error: 'too_many_attempts', message: expect.any(String) as string });
      expect(r.retryAfter).toBeGreaterThan(0);
    }
  });

  it('doubles the refusal window after each further failure, and the right password passes after it', async () => {
    const from = '127.0.0.3';
    for (let i = 0; i < 5; i++) expect((await loginFrom(s, 'slow', `bad-${i}`, { from })).status).toBe(401);
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      const refused = await loginFrom(s, 'slow', 'slow-password', { from });
      expect(refused.status).toBe(429);
      waits.push(refused.retryAfter ?? 0);
      advance((refused.retryAfter ?? 0) * 1000);
      expect((await loginFrom(s, 'slow', `again-${i}`, { from })).status).toBe(401);
    }
    expect(waits).toEqual([1, 2, 4]);
    advance(8_000);
    expect((await loginFrom(s, 'slow', 'slow-password', { from })).status).toBe(200);
  });

  it('failures from many addresses do not block the user’s known device', async () => {
    const own = await loginFrom(s, 'victim', 'victim-password', { from: '127.0.0.4' });
    expect(own.status).toBe(200);
    expect(own.deviceCookie).toMatch(/^redsail_device=/);
    // 10 addresses × 5 guesses use up the account's allowance for unknown devices.
    for (let a = 10; a < 20; a++)
      for (let i = 0; i < 5; i++)
        expect((await loginFrom(s, 'victim', `x-${i}`, { from: `127.0.0.${a}` })).status).toBe(401);
    const stranger = await loginFrom(s, 'victim', 'victim-password', { from: '127.0.0.5' });
    expect(stranger.status).toBe(429);
    // The user's own browser, even from a new address, gets in at once.
    const known = await loginFrom(s, 'victim', 'victim-password', {
      from: '127.0.0.5',
      ...(own.deviceCookie && { cookie: own.deviceCookie }),
    });
    expect(known.status).toBe(200);
  });

  it('100 failures from one address delay its other users by at most 5 s', async () => {
    const from = '127.0.0.6';
    let failures = 0;
    while (failures < 100) {
      const r = await loginFrom(s, `ghost-${failures}`, 'wrong', { from });
      if (r.status === 429) {
        expect(r.retryAfter).toBeLessThanOrEqual(5);
        advance((r.retryAfter ?? 0) * 1000);
      } else {
        expect(r.status).toBe(401);
        failures++;
      }
    }
    for (const [user, password] of [
      ['disp', 'disp-password'],
      ['view', 'view-password'],
    ] as const) {
      let r = await loginFrom(s, user, password, { from });
      if (r.status === 429) {
        expect(r.retryAfter).toBeLessThanOrEqual(5);
        advance((r.retryAfter ?? 0) * 1000);
        r = await loginFrom(s, user, password, { from });
      }
      expect(r.status).toBe(200);
    }
  });
});
