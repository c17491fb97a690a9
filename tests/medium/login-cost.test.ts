// Login cost with the real server: unknown users hash at the real users' scrypt parameters (even
// after an MQTT probe asked for the cheap device cost first), the login hash queue is bounded while
// the thread pool is busy, and a flood of refused logins logs a few lines, not one per login.
import { execFileSync } from 'node:child_process';
import { constants, openSync, closeSync, promises as fsp } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDevice } from '../helpers/devices';
import { loginFrom } from '../helpers/login';
import { metricValue } from '../helpers/metrics';
import { startServer, tempDir, type TestServer } from '../helpers/server';

describe('login cost', () => {
  let s: TestServer;
  const lines: { msg?: string; reason?: string }[] = [];

  beforeAll(async () => {
    const log = pino({ level: 'warn' }, { write: (l: string) => lines.push(JSON.parse(l) as object) });
    s = await startServer({ log, env: { LOGIN_HASH_CONCURRENCY: '1', LOGIN_HASH_QUEUE: '1' } });
    await s.api.userToken(s.admin, 'known', 'viewer');
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('unknown and known users run the same scrypt parameters, after a device probe too', async () => {
    // An MQTT probe with an unknown device id asks for a dummy hash at the device cost first.
    await expect(
      connectDevice(s, { id: 'probe-1', username: 'probe-1', password: 'nope' }),
    ).rejects.toThrow();
    const all = () => metricValue(s, 'redsail_login_hashes_total');
    const real = () => metricValue(s, 'redsail_login_hashes_total', { params: '16384/8/1' });
    const [all0, real0] = [await all(), await real()];
    expect((await loginFrom(s, 'nobody-here', 'whatever', { from: '127.0.1.1' })).status).toBe(401);
    expect((await real()) - real0).toBe(1);
    expect((await loginFrom(s, 'known', 'wrong-password', { from: '127.0.1.2' })).status).toBe(401);
    expect((await real()) - real0).toBe(2);
    expect((await all()) - all0).toBe(2);
  });

  it('refuses logins beyond the hash concurrency and queue with 429 login_busy, hashing none of them', async () => {
    // Hold every libuv thread in open() on a FIFO, as a storm of device connects or slow disks would.
    const dir = tempDir('redsail-fifo-');
    const threads = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
    const fifos = Array.from({ length: threads }, (_, i) => path.join(dir, `f${i}`));
    for (const f of fifos) execFileSync('mkfifo', [f]);
    const before = await metricValue(s, 'redsail_login_hashes_total');
    const held = fifos.map((f) => fsp.open(f, 'r'));
    // One login hashes (stuck on the pool), one waits, ten are answered at once.
    let answered = 0;
    let tenAnswered!: () => void;
    const ten = new Promise<void>((resolve) => (tenAnswered = resolve));
    const logins = Array.from({ length: 12 }, (_, i) =>
      loginFrom(s, `someone-${i}`, 'wrong', { from: '127.0.1.3' }).then((r) => {
        if (++answered === 10) tenAnswered();
        return r;
      }),
    );
    await ten;
    for (const f of fifos) release(f);
    for (const h of await Promise.all(held)) await h.close();
    const results = await Promise.all(logins);
    const busy = results.filter((r) => r.status === 429);
    expect(busy).toHaveLength(10);
    for (const r of busy) {
      expect(r.body).toMatchObject({ error: 'login_busy' });
      expect(r.retryAfter).toBe(1);
    }
    expect(results.filter((r) => r.status === 401)).toHaveLength(2);
    expect((await metricValue(s, 'redsail_login_hashes_total')) - before).toBe(2);
  });

  it('400 refused logins log a handful of warnings keyed by reason, not 400', async () => {
    const before = await metricValue(s, 'redsail_login_refused_total');
    lines.length = 0;
    await Promise.all(
      Array.from({ length: 400 }, (_, i) => loginFrom(s, `spray-${i}`, 'wrong', { from: '127.0.1.4' })),
    );
    expect((await metricValue(s, 'redsail_login_refused_total')) - before).toBe(400);
    const refused = lines.filter((l) => l.msg === 'login refused');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.length).toBeLessThanOrEqual(15);
  });
});

/** Opens the FIFO's write end (non-blocking) once its reader is waiting, which lets the reader go. */
function release(fifo: string): void {
  for (;;) {
    try {
      closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENXIO') throw err;
    }
  }
}
