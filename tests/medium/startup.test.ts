// The server process: configuration errors, the store backend it starts on, a busy port, the first
// admin password, metrics, rules file.
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { loadConfig } from '../../server/src/config/config';
import { Api } from '../helpers/api';
import { testBackend } from '../helpers/backends';
import { connectDevice, publish, registerDevice } from '../helpers/devices';
import { runToExit, startProcess, stopProcess } from '../helpers/process';
import { startServer, tempDir as newTempDir } from '../helpers/server';

const backend = testBackend();
const made: string[] = [];
function tempDir(): string {
  const d = newTempDir();
  made.push(d);
  return d;
}
afterAll(async () => {
  for (const d of made) {
    rmSync(d, { recursive: true, force: true });
    await backend.discard(d);
  }
});

describe('configuration', () => {
  it('takes SLA minutes per priority, keeping the defaults for the rest', () => {
    const c = loadConfig({ SLA_MINUTES: '{"P1": {"respond": 20, "resolve": 180}}' });
    expect(c.SLA_MINUTES).toEqual({ P1: { respond: 20, resolve: 180 } });
  });

  it('has the api.md defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 8080, MQTT_PORT: 1883, OFFLINE_AFTER_S: 180 });
    expect(c.DATA_DIR).toBe(path.resolve('./data'));
    expect(c.REDIS_URL).toBeUndefined();
  });

  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['MQTT_PORT', { MQTT_PORT: '70000' }],
    ['OFFLINE_AFTER_S', { OFFLINE_AFTER_S: '-1' }],
    ['REDSAIL_ADMIN_PASSWORD', { REDSAIL_ADMIN_PASSWORD: 'short' }],
    ['REDIS_URL', { REDIS_URL: 'not a url' }],
    ['DATABASE_URL', { DATABASE_URL: 'postgres at the office' }],
    ['SLA_MINUTES', { SLA_MINUTES: '{"P1": {"respond": -1, "resolve": 10}}' }],
    ['AUTO_DISPATCH', { AUTO_DISPATCH: 'sometimes' }],
    ['DEVICE_RATE_PER_S', { DEVICE_RATE_PER_S: '0' }],
    ['DEVICE_BURST', { DEVICE_BURST: '2.5' }],
    ['TECH_SESSION_HOURS', { TECH_SESSION_HOURS: '0' }],
  ])('names %s when its value is bad', (name, env) => {
    expect(() => loadConfig(env)).toThrow(name);
  });

  it.each([
    ['password123', /most common/],
    ['Admin', /at least 10/],
    ['ADMINADMIN', /most common/],
  ])('refuses a weak REDSAIL_ADMIN_PASSWORD (%s) with the policy’s reason', (password, reason) => {
    expect(() => loadConfig({ REDSAIL_ADMIN_PASSWORD: password })).toThrow(reason);
    expect(() => loadConfig({ REDSAIL_ADMIN_PASSWORD: password })).toThrow('REDSAIL_ADMIN_PASSWORD');
  });

  it('the process stops with that message and exit code 2', async () => {
    const r = await runToExit({ PORT: 'eighty', DATA_DIR: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('PORT');
  });

  it('REDIS_URL without DATABASE_URL (cluster mode keeps its data in PostgreSQL) stops the start, naming both, and writes nothing', async () => {
    const dataDir = tempDir();
    const r = await runToExit({
      REDIS_URL: 'redis://127.0.0.1:1',
      DATA_DIR: dataDir,
      REDSAIL_ADMIN_PASSWORD: 'admin-pass-123',
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('REDIS_URL is set without DATABASE_URL');
    expect(r.stderr).toContain('set DATABASE_URL too');
    expect(existsSync(path.join(dataDir, 'redsail.db'))).toBe(false);
  });

  it('an unreachable DATABASE_URL stops the start with one clear message, without the password', async () => {
    const dataDir = tempDir();
    const r = await runToExit({
      DATABASE_URL: 'postgres://redsail:s3cret-pw@127.0.0.1:1/redsail',
      DATA_DIR: dataDir,
      REDSAIL_ADMIN_PASSWORD: 'admin-pass-123',
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('PostgreSQL at 127.0.0.1:1 is not reachable');
    expect(r.stderr).toContain('check DATABASE_URL');
    expect(r.stderr + r.stdout).not.toContain('s3cret-pw');
    expect(existsSync(path.join(dataDir, 'redsail.db'))).toBe(false);
  });
});

describe('store backend', () => {
  // The run's backend (REDSAIL_TEST_STORE): each backend's project checks its own way of starting.
  if (backend.name === 'postgres') {
    it('an unreachable REDIS_URL stops a cluster node with one clear message, without the password', async () => {
      const { DATABASE_URL } = await backend.prepare(tempDir());
      const r = await runToExit({
        DATABASE_URL: DATABASE_URL ?? '',
        REDIS_URL: 'redis://:s3cret-pass@127.0.0.1:1',
        REDSAIL_ADMIN_PASSWORD: 'admin-pass-123',
        // Cluster mode needs the shared device key before it ever reaches Redis.
        DEVICE_SECRET_KEY: randomBytes(32).toString('hex'),
      });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/Redis at 127\.0\.0\.1:1 is not reachable.*check REDIS_URL/);
      expect(r.stdout + r.stderr).not.toContain('s3cret-pass');
    });

    it('DATABASE_URL alone starts the process on PostgreSQL, which then holds the data', async () => {
      const { DATABASE_URL } = await backend.prepare(tempDir());
      const p = await startProcess({
        DATABASE_URL: DATABASE_URL ?? '',
        REDSAIL_ADMIN_PASSWORD: 'admin-pass-123',
      });
      const api = new Api(`http://127.0.0.1:${p.httpPort}`);
      expect(await api.login('admin', 'admin-pass-123')).toBeTruthy();
      expect((await api.get<{ store: string }>('/api/health')).body.store).toBe('postgres');
      expect(await stopProcess(p)).toBe(0);
      const db = new pg.Client({ connectionString: DATABASE_URL });
      await db.connect();
      try {
        const users = await db.query<{ username: string }>('SELECT username FROM users');
        expect(users.rows.map((u) => u.username)).toEqual(['admin']);
      } finally {
        await db.end();
      }
    });
  } else {
    it('without DATABASE_URL the process keeps its data in the SQLite file in DATA_DIR', async () => {
      const dataDir = tempDir();
      const p = await startProcess({ DATA_DIR: dataDir, REDSAIL_ADMIN_PASSWORD: 'admin-pass-123' });
      const api = new Api(`http://127.0.0.1:${p.httpPort}`);
      expect((await api.get<{ store: string }>('/api/health')).body.store).toBe('sqlite');
      expect(await stopProcess(p)).toBe(0);
      expect(existsSync(path.join(dataDir, 'redsail.db'))).toBe(true);
    });
  }
});

describe('server process', () => {
  const dataDir = tempDir();

  it('a port already in use gives one clear line naming the variable to change', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    const r = await runToExit({
      MQTT_PORT: String(port),
      DATA_DIR: tempDir(),
      REDSAIL_ADMIN_PASSWORD: 'admin-pass-123',
    });
    blocker.close();
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      `Port ${port} is already in use: set MQTT_PORT to a free port (or 0 for any free port).`,
    );
  });

  it('prints a generated admin password once, on the first start only', async () => {
    const first = await startProcess(await backend.prepare(dataDir));
    const line = first.stdout.find((l) => l.includes('admin password (shown once)')) ?? '';
    const password = /: (\S+)$/.exec(line.trim())?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(12);
    const api = new Api(`http://127.0.0.1:${first.httpPort}`);
    expect(await api.login('admin', password)).toBeTruthy();
    expect(await stopProcess(first)).toBe(0);

    const second = await startProcess(await backend.prepare(dataDir));
    expect(second.stdout.join('\n')).not.toContain('shown once');
    const again = new Api(`http://127.0.0.1:${second.httpPort}`);
    expect(await again.login('admin', password)).toBeTruthy();
    expect(await stopProcess(second)).toBe(0);
  });
});

describe('in-process extras', () => {
  it('/metrics exposes ingest, alarm, ticket, connection, event-loop and store-latency figures', async () => {
    const s = await startServer({ env: { NODE_ID: 'node-m' } });
    const box = await connectDevice(s, await registerDevice(s, { id: 'box-m', type: 'distribution_box' }));
    await publish(box, 'box-m', 'telemetry', { leakage_ma: 40 });
    await publish(box, 'box-m', 'telemetry', { leakage_ma: 1 });
    await s.api.get('/api/alarms', s.admin); // flushes the group commit
    const text = await (await fetch(`${s.httpUrl}/metrics`)).text();
    for (const name of [
      // Every sample names the node it comes from.
      'redsail_mqtt_messages_received_total{kind="telemetry",node="node-m"} 2',
      'redsail_alarms_raised_total{rule="leakage",severity="critical",node="node-m"} 1',
      'redsail_alarms_cleared_total{rule="leakage",node="node-m"} 1',
      'redsail_tickets_opened_total{source="alarm",priority="P1",node="node-m"} 1',
      'redsail_devices_connected{node="node-m"} 1',
      'redsail_nodejs_eventloop_lag_p99_seconds{node="node-m"}',
      'redsail_store_commit_seconds_count{node="node-m"}',
    ]) {
      expect(text).toContain(name);
    }
    await box.endAsync();
    await s.stop();
  });

  it('housekeeping removes expired logins from the store', async () => {
    const s = await startServer({ manualClock: true });
    const viewer = await s.api.userToken(s.admin, 'view', 'viewer');
    s.clock?.advance(13 * 3600_000); // past SESSION_HOURS (12)
    expect((await s.api.get('/api/auth/me', viewer)).status).toBe(401);
    await s.app.compact();
    // Both logins (admin's and the viewer's) were purged: nothing is left to delete.
    expect(await s.app.store.deleteExpiredSessions(s.clock?.now() ?? 0)).toBe(0);
    await s.stop();
  });

  it('SLA_MINUTES sets the deadlines of new tickets', async () => {
    const s = await startServer({ env: { SLA_MINUTES: '{"P4": {"respond": 5, "resolve": 60}}' } });
    const t = await s.api.post<{ createdAt: string; respondBy: string; resolveBy: string }>(
      '/api/tickets',
      { category: 'other', description: '公告栏破损', priority: 'P4' },
      s.admin,
    );
    const created = Date.parse(t.body.createdAt);
    expect(Date.parse(t.body.respondBy) - created).toBe(5 * 60_000);
    expect(Date.parse(t.body.resolveBy) - created).toBe(60 * 60_000);
    await s.stop();
  });

  it('RULES_FILE changes a rule without code: a leakage threshold of 100 mA', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'rules.json');
    writeFileSync(
      file,
      JSON.stringify({
        distribution_box: {
          leakage: { when: { op: 'gte', metric: 'leakage_ma', value: 100 } },
          door_open: { enabled: false },
        },
      }),
    );
    const s = await startServer({ env: { RULES_FILE: file } });
    const box = await connectDevice(s, await registerDevice(s, { id: 'box-r', type: 'distribution_box' }));
    await publish(box, 'box-r', 'telemetry', { leakage_ma: 45 });
    expect((await s.api.get<unknown[]>('/api/alarms', s.admin)).body).toEqual([]);
    await publish(box, 'box-r', 'telemetry', { leakage_ma: 120 });
    expect((await s.api.get<{ rule: string }[]>('/api/alarms', s.admin)).body.map((a) => a.rule)).toEqual([
      'leakage',
    ]);
    await box.endAsync();
    await s.stop();
  });

  it('an active alarm of a rule disabled by RULES_FILE is cleared at start, on its ticket too', async () => {
    const dataDir = tempDir();
    let s = await startServer({ dataDir });
    const box = await connectDevice(s, await registerDevice(s, { id: 'box-o', type: 'distribution_box' }));
    await publish(box, 'box-o', 'telemetry', { door: 'open', breaker: 'tripped' });
    await box.endAsync();
    const [ticket] = (await s.api.get<{ id: string }[]>('/api/tickets', s.admin)).body;
    await s.stop({ keepData: true });

    const file = path.join(tempDir(), 'rules.json');
    writeFileSync(file, JSON.stringify({ distribution_box: { breaker_tripped: { enabled: false } } }));
    s = await startServer({ dataDir, env: { RULES_FILE: file } });
    const alarms = await s.api.get<{ rule: string; active: boolean }[]>('/api/alarms?active=true', s.admin);
    expect(alarms.body).toEqual([]);
    const t = await s.api.get<{ timeline: { type: string }[] }>(`/api/tickets/${ticket?.id}`, s.admin);
    expect(t.body.timeline.map((e) => e.type)).toEqual(['created', 'alarm_cleared']);
    await s.stop();
  });

  it('a bad RULES_FILE stops the start with a message naming the rule', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'rules.json');
    writeFileSync(
      file,
      JSON.stringify({
        distribution_box: { leakage: { when: { op: 'gt', metric: 'no_such_metric', value: 1 } } },
      }),
    );
    await expect(startServer({ env: { RULES_FILE: file } })).rejects.toThrow(
      /leakage.*no_such_metric|no_such_metric.*leakage/,
    );
  });
});
