// kill -9 under heavy write (issue 16 point 10), SQLite: the server runs as its own process while
// devices raise and clear alarms at QoS 1 and hotline tickets are opened over the API, and is killed
// with SIGKILL at a seeded point of the load, several times on the same data folder. After each kill
// the store opens with `integrity_check` ok and no foreign-key violation, holds no half-written ticket
// (one without its `created` timeline entry) and no alarm pointing at a ticket that does not exist,
// every ticket the API answered 201 for is there, and — the durable PUBACK of api.md "Cluster mode"
// (single node too) — every alarm raise or clear whose reading got its PUBACK is stored. Plain
// readings are group-committed and not promised durable at PUBACK, so they are not counted here.
import { rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { Api } from '../helpers/api';
import { topic } from '../helpers/devices';
import { startProcess, stopProcess, type ServerProcess } from '../helpers/process';
import { ADMIN_PASSWORD, tempDir } from '../helpers/server';
import { seededRandom } from '../../simulators/lib/random';

const SEED = 0x16_0a;
const ROUNDS = 5;
const DEVICES = 20;
const LEAK = JSON.stringify({ leakage_ma: 45 }); // raises `leakage` (critical → a P1 ticket)
const NORMAL = JSON.stringify({ ua: 220, ub: 221, uc: 219, leakage_ma: 3, temp_c: 30 }); // clears it
const HOTLINE = { category: 'electrical', description: 'stairwell lights out' };

interface Acked {
  raises: Map<string, number>;
  clears: Map<string, number>;
  tickets: string[];
}

const bump = (m: Map<string, number>, id: string) => m.set(id, (m.get(id) ?? 0) + 1);

/**
 * Checks the store file of a killed server: consistency, every ticket of `acked`, and the alarm changes
 * acknowledged in this round (`round`: each device's alarm was cleared before `since`).
 */
function checkStore(file: string, acked: Acked, round: Acked, since: number): void {
  const db = new Database(file);
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const halfWritten = db
      .prepare(
        `SELECT id FROM tickets t WHERE NOT EXISTS
           (SELECT 1 FROM ticket_events e WHERE e.ticket_id = t.id AND e.type = 'created')`,
      )
      .all();
    expect(halfWritten).toEqual([]);
    const dangling = db
      .prepare(
        `SELECT id, ticket_id FROM alarms a WHERE ticket_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id = a.ticket_id)`,
      )
      .all();
    expect(dangling).toEqual([]);
    const ids = new Set((db.prepare('SELECT id FROM tickets').all() as { id: string }[]).map((r) => r.id));
    expect(acked.tickets.filter((id) => !ids.has(id))).toEqual([]);
    const rows = db
      .prepare(
        `SELECT device_id AS id, COUNT(*) AS raised, COUNT(cleared_at) AS cleared
           FROM alarms WHERE rule = 'leakage' AND raised_at >= ? GROUP BY device_id`,
      )
      .all(since) as { id: string; raised: number; cleared: number }[];
    const stored = new Map(rows.map((r) => [r.id, r]));
    for (const [id, n] of round.raises) expect(stored.get(id)?.raised ?? 0, id).toBeGreaterThanOrEqual(n);
    for (const [id, n] of round.clears) expect(stored.get(id)?.cleared ?? 0, id).toBeGreaterThanOrEqual(n);
  } finally {
    db.close();
  }
}

describe('kill -9 under heavy write (SQLite)', () => {
  const dataDir = tempDir('redsail-crash-');
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('leaves a consistent store with every acknowledged alarm change and ticket, each time', async () => {
    const random = seededRandom(SEED); // each run kills at the same points of the load
    const acked: Acked = { raises: new Map(), clears: new Map(), tickets: [] };
    const refused: number[] = []; // a hotline ticket the live server did not take
    const creds = new Map<string, { username: string; password: string }>();
    for (let round = 0; round < ROUNDS; round++) {
      const proc: ServerProcess = await startProcess({
        DATA_DIR: dataDir,
        REDSAIL_ADMIN_PASSWORD: ADMIN_PASSWORD,
        DEVICE_RATE_PER_S: '1000',
        DEVICE_BURST: '1000',
        FLAP_COUNT: '100000', // each raise after a clear is an alarm of its own, each clear a clear
      });
      const api = new Api(`http://127.0.0.1:${proc.httpPort}`);
      const admin = await api.login('admin', ADMIN_PASSWORD);
      if (creds.size === 0) {
        for (let i = 0; i < DEVICES; i++) {
          const id = `box-k${i}`;
          const reg = await api.post<{ mqtt: { username: string; password: string } }>(
            '/api/devices',
            { id, type: 'distribution_box' },
            admin,
          );
          expect(reg.status).toBe(201);
          creds.set(id, reg.body.mqtt);
        }
      }
      const clients: MqttClient[] = [];
      for (const [id, c] of creds) {
        clients.push(
          await mqtt.connectAsync(`mqtt://127.0.0.1:${proc.mqttPort}`, {
            clientId: id,
            ...c,
            reconnectPeriod: 0,
          }),
        );
      }

      // Each device starts the round with its alarm cleared (one left active by the last kill, too).
      await Promise.all(
        clients.map((c, i) => c.publishAsync(topic(`box-k${i}`, 'telemetry'), NORMAL, { qos: 1 })),
      );
      const since = Date.now();
      const round: Acked = { raises: new Map(), clears: new Map(), tickets: [] };
      // Killed once this many acknowledgements (PUBACKs and 201s) have come back in this round.
      const killAt = 40 + Math.floor(random() * 80);
      let seen = 0;
      let killed = false;
      const exited = new Promise<void>((resolve) => proc.child.once('exit', () => resolve()));
      const count = () => {
        if (++seen >= killAt && !killed) {
          killed = true;
          proc.child.kill('SIGKILL');
        }
      };
      const send = (c: MqttClient, id: string, body: string) =>
        c.publishAsync(topic(id, 'telemetry'), body, { qos: 1 });
      const devices = clients.map(async (c, i) => {
        const id = `box-k${i}`;
        try {
          while (!killed) {
            await send(c, id, LEAK); // a PUBACK after the kill was decided still promises durability
            bump(round.raises, id);
            bump(acked.raises, id);
            count();
            await send(c, id, NORMAL);
            bump(round.clears, id);
            count();
            await send(c, id, NORMAL);
          }
        } catch {
          // the server is gone
        }
      });
      const hotline = (async () => {
        try {
          while (!killed) {
            const res = await api.post<{ id: string }>('/api/tickets', HOTLINE, admin);
            if (res.status !== 201) refused.push(res.status);
            else acked.tickets.push(res.body.id);
            count();
          }
        } catch {
          // the server is gone
        }
      })();
      await exited;
      for (const c of clients) c.end(true);
      void Promise.all([...devices, hotline]);
      await stopProcess(proc, 'SIGKILL');
      checkStore(path.join(dataDir, 'redsail.db'), acked, round, since);
    }
    expect(refused).toEqual([]);
    expect(acked.tickets.length).toBeGreaterThan(0);
    expect([...acked.raises.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  }, 60_000);
});
