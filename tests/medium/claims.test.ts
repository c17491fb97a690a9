// Claims held in the database, not in one node's memory (api.md "Cluster mode"): when another node has
// already taken the device's alarm, the fault's ticket or the van — written straight into the store
// here, as that node would — this node's change is left out, never announced, answered with 409 where a
// person asked for it, and the node's books are reloaded from the store.
import type { MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyBatch, type AlarmRecord, type TicketRecord } from '../../server/src/store/store';
import { connectDevice, publish, registerDevice } from '../helpers/devices';
import { metricValue } from '../helpers/metrics';
import { startServer, type TestServer } from '../helpers/server';
import { connectSocket, EventLog, type TestSocket } from '../helpers/socket';
import { addVan, type TestVan } from '../helpers/vans';

interface Alarm {
  id: string;
  deviceId: string;
  rule: string;
  count: number;
}
interface Ticket {
  id: string;
  status: string;
  vanId?: string;
}

describe('claims another node already holds', () => {
  let s: TestServer;
  let disp: string;
  let socket: TestSocket;
  let log: EventLog;
  const clients: MqttClient[] = [];
  const vans: TestVan[] = [];

  beforeEach(async () => {
    s = await startServer({ env: { AUTO_DISPATCH: 'false' } });
    disp = await s.api.userToken(s.admin, 'disp', 'dispatcher');
    socket = await connectSocket(s.httpUrl, disp);
    log = new EventLog(socket, ['alarm:raised', 'alarm:updated', 'ticket:created', 'ticket:updated']);
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.endAsync();
    for (const v of vans.splice(0)) await v.client.endAsync();
    socket?.close();
    await s?.stop();
  });

  const now = () => Date.now();
  const otherNodeTicket = (id: string, extra: Partial<TicketRecord>): TicketRecord => ({
    id,
    status: 'new',
    priority: 'P1',
    source: 'hotline',
    category: 'electrical',
    description: 'written by another node',
    createdAt: now(),
    updatedAt: now(),
    respondBy: now() + 1_800_000,
    resolveBy: now() + 14_400_000,
    ...extra,
  });

  it('an alarm raised on another node first: this node raises nothing and counts the reading on that alarm', async () => {
    const box = await connectDevice(
      s,
      await registerDevice(s, { id: 'box-1', type: 'distribution_box', lat: 35.597, lng: 116.99 }),
    );
    clients.push(box);
    const theirs: AlarmRecord = {
      id: 'A-OTHER',
      deviceId: 'box-1',
      rule: 'leakage',
      severity: 'critical',
      active: true,
      count: 1,
      raisedAt: now(),
      lastSeenAt: now(),
      lastValue: { leakage_ma: 44 },
      ticketId: 'T-OTHER',
    };
    const ticket = otherNodeTicket('T-OTHER', { source: 'alarm', deviceId: 'box-1', alarmRule: 'leakage' });
    await s.app.store.commit({ ...emptyBatch(), alarms: [theirs], tickets: [ticket] });

    await publish(box, 'box-1', 'telemetry', { leakage_ma: 45 });
    // The node hears from the store what it had not known, then counts the next reading on it.
    await log.waitFor<Ticket>('ticket:updated', (t) => t.id === 'T-OTHER');
    await publish(box, 'box-1', 'telemetry', { leakage_ma: 46 });

    const active = (await s.api.get<Alarm[]>('/api/alarms?active=true', disp)).body;
    expect(active.map((a) => a.id)).toStrictEqual(['A-OTHER']);
    expect(active[0]?.count).toBe(2);
    const open = (await s.api.get<Ticket[]>('/api/tickets?deviceId=box-1', disp)).body;
    expect(open.map((t) => t.id)).toStrictEqual(['T-OTHER']);
    expect(log.of('alarm:raised')).toStrictEqual([]);
    expect(log.of('ticket:created')).toStrictEqual([]);
    expect(await metricValue(s, 'redsail_store_rows_rejected_total', { kind: 'alarm' })).toBe(1);
    expect(await metricValue(s, 'redsail_store_rows_rejected_total', { kind: 'ticket' })).toBe(1);
  });

  it('a ticket another node changed first: 409, and the next request sees the stored ticket', async () => {
    vans.push(await addVan(s, 'van-1', '一号车', 35.6, 116.98));
    const res = await s.api.post<Ticket>(
      '/api/tickets',
      { category: 'electrical', description: '楼道灯不亮', priority: 'P2', lat: 35.6, lng: 116.98 },
      disp,
    );
    const stored = await s.app.store.getTicket(res.body.id);
    expect(stored?.rev).toBe(1);
    if (!stored) return;
    const cancelled = { ...stored, status: 'cancelled' as const, updatedAt: now(), rev: 2 };
    await s.app.store.commit({ ...emptyBatch(), tickets: [cancelled] });

    const dispatch = () =>
      s.api.post<{ error: string; message: string }>(
        `/api/tickets/${stored.id}/events`,
        { type: 'dispatch', vanId: 'van-1' },
        disp,
      );
    const race = await dispatch();
    expect(race.status).toBe(409);
    expect(race.body.message).toMatch(/same moment/);
    await log.waitFor<Ticket>('ticket:updated', (t) => t.id === stored.id && t.status === 'cancelled');
    const again = await dispatch();
    expect(again.status).toBe(409);
    expect(again.body.message).not.toMatch(/same moment/);
    expect(await s.app.store.getTicket(stored.id)).toStrictEqual(cancelled);
  });

  it('a van another node has just dispatched: 409 for this dispatch, then the van is known busy', async () => {
    vans.push(await addVan(s, 'van-1', '一号车', 35.6, 116.98));
    const created = async () =>
      (
        await s.api.post<Ticket>(
          '/api/tickets',
          { category: 'electrical', description: '楼道灯不亮', priority: 'P2', lat: 35.6, lng: 116.98 },
          disp,
        )
      ).body.id;
    const mine = await created();
    const next = await created();
    await s.app.store.commit({
      ...emptyBatch(),
      tickets: [otherNodeTicket('T-THEIRS', { status: 'dispatched', vanId: 'van-1', dispatchedAt: now() })],
    });

    const race = await s.api.post<{ error: string; message: string }>(
      `/api/tickets/${mine}/events`,
      { type: 'dispatch', vanId: 'van-1' },
      disp,
    );
    expect(race.status).toBe(409);
    expect(race.body.error).toBe('conflict');
    expect(race.body.message).toMatch(/same moment/);
    await log.waitFor<Ticket>('ticket:updated', (t) => t.id === 'T-THEIRS');

    const after = await s.api.post(`/api/tickets/${next}/events`, { type: 'dispatch', vanId: 'van-1' }, disp);
    expect(after.status).toBe(409);
    expect(after.body).toMatchObject({ error: 'van_busy' });
    const stored = (await s.api.get<Ticket>(`/api/tickets/${mine}`, disp)).body;
    expect(stored).toMatchObject({ status: 'new' });
    expect(stored.vanId).toBeUndefined();
    // Consoles only ever hear the stored ticket: waiting, with no van.
    const heard = log.of<Ticket>('ticket:updated').filter((t) => t.id === mine);
    expect(heard.map((t) => [t.status, t.vanId])).toStrictEqual([['new', undefined]]);
  });
});
