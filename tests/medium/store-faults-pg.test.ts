// The PostgreSQL store going away and coming back (issue 16 point 10), on a PostgreSQL server of this
// test's own (the run's shared one stays up for the other tests): stopped as a crash would stop it
// while a device is connected. Meanwhile the broker stays up and the device connected, /api/health
// answers 503 `unavailable`, /metrics counts the failed commits, changes through the API are refused
// with 503, and an alarm raised is held, unacknowledged. Once the database is back the queued writes
// land, the alarm's PUBACK arrives, health is ok and nothing acknowledged is missing.
// (tests/medium/health.test.ts covers a store closed from inside the server.)
import type { MqttClient } from 'mqtt';
import pgClient from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDatabase, startPostgres, type PostgresServer } from '../../scripts/lib/postgres-server';
import type { TestBackend } from '../helpers/backends';
import { connectDevice, publish, registerDevice, topic } from '../helpers/devices';
import { metricValue } from '../helpers/metrics';
import { fileRequest, issueKey } from '../helpers/open311';
import { startServer, type TestServer } from '../helpers/server';

const LEAK = JSON.stringify({ leakage_ma: 45 }); // raises `leakage` (critical → a P1 ticket) at once
const HOTLINE = { category: 'electrical', description: 'no power in building 3' };

/**
 * The throw-away server runs with synchronous_commit off (fast tests), which loses the last commits
 * at a crash; a production database has it on, and the durable PUBACK relies on that: on for this one.
 */
async function durableCommits(adminUrl: string, database: string): Promise<void> {
  const c = new pgClient.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(`ALTER DATABASE ${database} SET synchronous_commit = on`);
  } finally {
    await c.end();
  }
}

interface Health {
  status: string;
  storeReachable: boolean;
  devicesConnected: number;
}

describe('store faults (PostgreSQL): the database goes away and comes back', () => {
  let pg: PostgresServer;
  let s: TestServer | undefined;
  let box: MqttClient | undefined;
  beforeAll(async () => {
    pg = await startPostgres();
  });
  afterAll(async () => {
    box?.end(true);
    await s?.stop();
    pg?.stop();
  });

  it('answers 503 and refuses changes while it is gone, keeps and retries the writes, recovers', async () => {
    const url = await createDatabase(pg.url, 'faults');
    await durableCommits(pg.url, 'faults');
    const backend: TestBackend = {
      name: 'postgres',
      prepare: (dataDir) => Promise.resolve({ DATA_DIR: dataDir, DATABASE_URL: url }),
      discard: () => Promise.resolve(),
    };
    s = await startServer({ backend });
    const srv = s;
    box = await connectDevice(srv, await registerDevice(srv, { id: 'box-p', type: 'distribution_box' }));
    const health = async () => srv.api.get<Health>('/api/health');
    const key = await issueKey(srv);

    pg.halt();
    const t0 = Date.now() - 60_000;
    for (let i = 0; i < 20; i++) await publish(box, 'box-p', 'telemetry', { temp_c: 30, ts: t0 + i });
    let acked = false;
    const alarmAck = box
      .publishAsync(topic('box-p', 'telemetry'), LEAK, { qos: 1 })
      .then(() => (acked = true));
    await vi.waitFor(
      async () => expect(await metricValue(srv, 'redsail_store_commit_failures_total')).toBeGreaterThan(0),
      {
        timeout: 10_000,
      },
    );
    expect(
      await metricValue(srv, 'redsail_store_commit_failures_total', { fault: 'unavailable' }),
    ).toBeGreaterThan(0);
    await vi.waitFor(async () => expect((await health()).status).toBe(503), { timeout: 10_000 });
    expect((await health()).body).toMatchObject({
      status: 'unavailable',
      storeReachable: false,
      devicesConnected: 1,
    });
    expect(box.connected).toBe(true);
    const refused = await srv.api.post<{ error: string }>('/api/tickets', HOTLINE, srv.admin);
    expect(refused.status).toBe(503);
    expect(refused.body.error).toBe('store_unavailable');
    // Open311 too, in its own format: the key cannot even be checked while the database is gone.
    const filed = await fileRequest(srv, key);
    expect(filed).toMatchObject({ status: 503, retryAfter: '5' });
    expect(filed.body).toEqual([{ code: 503, description: expect.any(String) as string }]);
    expect(acked).toBe(false);

    pg.resume();
    await vi.waitFor(async () => expect((await health()).body.status).toBe('ok'), { timeout: 15_000 });
    await alarmAck;
    const alarms = await srv.api.get<{ rule: string; active: boolean; ticketId?: string }[]>(
      '/api/alarms?deviceId=box-p',
      srv.admin,
    );
    expect(alarms.body).toEqual([expect.objectContaining({ rule: 'leakage', active: true })]);
    expect(alarms.body[0]?.ticketId).toBeDefined();
    const q = `from=${new Date(t0).toISOString()}&to=${new Date(t0 + 1000).toISOString()}`;
    const history = await srv.api.get<{ points: unknown[] }>(
      `/api/devices/box-p/telemetry?metric=temp_c&${q}`,
      srv.admin,
    );
    expect(history.body.points).toHaveLength(20); // below the queue's bound: none shed
    expect((await srv.api.post('/api/tickets', HOTLINE, srv.admin)).status).toBe(201);
  }, 40_000);
});
