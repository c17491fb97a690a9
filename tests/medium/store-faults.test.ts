// Store faults on the SQLite backend (issue 16 point 10): the data folder on a size-limited tmpfs filled
// until commits fail, and the store's files made immutable (chattr +i: root ignores chmod, and a
// read-only remount is refused while the files are open). Each time the broker stays up and its
// devices connected, /api/health says degraded with the reason, /metrics counts the failed commits,
// the API refuses changes with 503 while reads go on, the queue holds what it may (alarms and tickets
// always, telemetry up to STORE_QUEUE_TELEMETRY, the rest shed and counted), and once the fault is
// gone the queued writes land, health is ok again and `PRAGMA integrity_check` says ok.
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, openSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { MqttClient } from 'mqtt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../server/src/config/config';
import { TEST_BACKENDS } from '../helpers/backends';
import { connectDevice, publish, registerDevice, topic } from '../helpers/devices';
import { metricValue } from '../helpers/metrics';
import { fileRequest, issueKey } from '../helpers/open311';
import { startServer, tempDir, type TestServer } from '../helpers/server';

const LEAK = JSON.stringify({ leakage_ma: 45 }); // raises `leakage` (critical → a P1 ticket) at once
const BOUND = 100; // STORE_QUEUE_TELEMETRY
const ENV = { STORE_QUEUE_TELEMETRY: String(BOUND), DEVICE_RATE_PER_S: '1000', DEVICE_BURST: '1000' };
const HOTLINE = { category: 'electrical', description: 'no power in building 3' };

interface Health {
  status: string;
  storeFault?: string;
  problem?: string;
  devicesConnected: number;
}
interface History {
  points: { ts: string; value: number }[];
}

const dbFile = (dir: string) => path.join(dir, 'redsail.db');

/** Empties the WAL, so the server's next commit must grow a file on the disk. */
function truncateWal(dir: string): void {
  const db = new Database(dbFile(dir));
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

/** Fills the file system of `dir` to the last byte with one file; returns its path. */
function fillDisk(dir: string): string {
  const filler = path.join(dir, 'filler');
  const fd = openSync(filler, 'w');
  try {
    for (const size of [1 << 16, 1 << 10, 1]) {
      const chunk = Buffer.alloc(size, 1);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
      }
    }
  } finally {
    closeSync(fd);
  }
  return filler;
}

function integrity(dir: string): unknown {
  const db = new Database(dbFile(dir), { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true });
  } finally {
    db.close();
  }
}

const chattr = (flag: '+i' | '-i', files: string[]) =>
  execFileSync('chattr', [flag, ...files.filter((f) => existsSync(f))]);

describe('STORE_QUEUE_TELEMETRY', () => {
  it('defaults to 200,000 points', () => {
    expect(loadConfig({}).STORE_QUEUE_TELEMETRY).toBe(200_000);
  });
  it.each(['10', '2.5', 'many', '20000000'])('refuses %s at start, naming the variable', (value) => {
    expect(() => loadConfig({ STORE_QUEUE_TELEMETRY: value })).toThrow('STORE_QUEUE_TELEMETRY');
  });
});

describe('store faults (SQLite)', () => {
  let s: TestServer | undefined;
  let box: MqttClient | undefined;
  let key = '';
  const cleanups: (() => void)[] = [];
  afterEach(async () => {
    box?.end(true);
    await s?.stop({ keepData: true });
    for (const c of cleanups.splice(0).reverse()) c();
    s = undefined;
  });

  async function setUp(dataDir: string): Promise<{ s: TestServer; box: MqttClient }> {
    s = await startServer({ dataDir, backend: TEST_BACKENDS.sqlite!, env: ENV });
    box = await connectDevice(s, await registerDevice(s, { id: 'box-f', type: 'distribution_box' }));
    key = await issueKey(s);
    await publish(box, 'box-f', 'telemetry', { temp_c: 20 });
    await vi.waitFor(async () =>
      expect(await metricValue(s!, 'redsail_store_rows_written_total', { kind: 'telemetry' })).toBe(1),
    );
    return { s, box };
  }

  const health = async (srv: TestServer) => (await srv.api.get<Health>('/api/health')).body;

  /** Everything the fault must show, while it lasts; resolves with the PUBACK of an alarm raised meanwhile. */
  async function duringFault(srv: TestServer, client: MqttClient, fault: string, reason: RegExp, t0: number) {
    // More readings than the queue holds: each is acknowledged (plain telemetry is not held).
    for (let i = 0; i < BOUND + 50; i++)
      await publish(client, 'box-f', 'telemetry', { temp_c: 25 + (i % 10), ts: t0 + i });
    await vi.waitFor(
      async () => expect(await health(srv)).toMatchObject({ status: 'degraded', storeFault: fault }),
      {
        timeout: 10_000,
      },
    );
    const h = await health(srv);
    expect(h.problem).toMatch(reason);
    expect(h.devicesConnected).toBe(1);
    expect(client.connected).toBe(true);
    expect(await metricValue(srv, 'redsail_store_commit_failures_total', { fault })).toBeGreaterThan(0);
    expect(await metricValue(srv, 'redsail_store_faulted', { fault })).toBe(1);
    expect(await metricValue(srv, 'redsail_telemetry_shed_total')).toBeGreaterThan(0);

    // An alarm raised now is kept (never shed) and acknowledged only once it is stored.
    let acked = false;
    const alarmAck = client
      .publishAsync(topic('box-f', 'telemetry'), LEAK, { qos: 1 })
      .then(() => (acked = true));
    await vi.waitFor(async () => expect(await metricValue(srv, 'redsail_alarms_raised_total')).toBe(1));

    const refused = await srv.api.post<{ error: string; message: string }>(
      '/api/tickets',
      HOTLINE,
      srv.admin,
    );
    expect(refused.status).toBe(503);
    expect(refused.body.error).toBe('store_unavailable');
    expect(refused.body.message).toMatch(reason);
    // An Open311 request too, in the standard's error format.
    const filed = await fileRequest(srv, key);
    expect(filed).toMatchObject({ status: 503, retryAfter: '5' });
    expect(filed.body).toEqual([{ code: 503, description: expect.stringMatching(reason) as string }]);
    expect((await srv.api.get('/api/devices/box-f', srv.admin)).status).toBe(200); // reads go on
    expect(acked).toBe(false);
    return { alarmAck }; // wrapped: awaiting duringFault must not await the PUBACK
  }

  async function afterRecovery(srv: TestServer, dataDir: string, alarmAck: Promise<unknown>, t0: number) {
    await vi.waitFor(async () => expect((await health(srv)).status).toBe('ok'), { timeout: 10_000 });
    await alarmAck;
    const alarms = await srv.api.get<{ rule: string; active: boolean; ticketId?: string }[]>(
      '/api/alarms?deviceId=box-f',
      srv.admin,
    );
    expect(alarms.body).toEqual([expect.objectContaining({ rule: 'leakage', active: true })]);
    expect(alarms.body[0]?.ticketId).toBeDefined();
    // Every reading of the fault (BOUND + 50 temperatures, and the alarm reading's own point) is
    // either stored now or was shed at the queue's bound and counted: none is lost unseen.
    const q = `from=${new Date(t0).toISOString()}&to=${new Date(t0 + 1000).toISOString()}&limit=1000`;
    const points = async (metric: string, range: string) =>
      (await srv.api.get<History>(`/api/devices/box-f/telemetry?metric=${metric}&${range}`, srv.admin)).body
        .points.length;
    const temps = await points('temp_c', q);
    const leaks = await points('leakage_ma', 'limit=10');
    const shed = await metricValue(srv, 'redsail_telemetry_shed_total');
    expect(temps + leaks + shed).toBe(BOUND + 50 + 1);
    expect(temps).toBeGreaterThanOrEqual(BOUND - 1);
    expect(await metricValue(srv, 'redsail_store_faulted')).toBe(0);
    expect((await srv.api.post('/api/tickets', HOTLINE, srv.admin)).status).toBe(201);
    expect(integrity(dataDir)).toBe('ok');
  }

  it('disk full: degraded, changes refused with 503, writes kept and retried, all lands when space returns', async () => {
    const dataDir = tempDir('redsail-full-');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', dataDir]);
    cleanups.push(() => {
      execFileSync('umount', [dataDir]);
      rmSync(dataDir, { recursive: true, force: true });
    });
    const { s: srv, box: client } = await setUp(dataDir);
    truncateWal(dataDir);
    const filler = fillDisk(dataDir);
    const t0 = Date.now() - 60_000;
    const { alarmAck } = await duringFault(srv, client, 'full', /store: disk full/, t0);
    rmSync(filler);
    await afterRecovery(srv, dataDir, alarmAck, t0);
  });

  it('read-only store file: degraded, changes refused with 503, retried, recovered', async () => {
    const dataDir = tempDir('redsail-ro-');
    const files = [dbFile(dataDir), `${dbFile(dataDir)}-wal`];
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const { s: srv, box: client } = await setUp(dataDir);
    chattr('+i', files);
    cleanups.push(() => chattr('-i', files));
    const t0 = Date.now() - 60_000;
    const { alarmAck } = await duringFault(srv, client, 'read-only', /store: read-only/, t0);
    chattr('-i', files);
    await afterRecovery(srv, dataDir, alarmAck, t0);
  });
});
