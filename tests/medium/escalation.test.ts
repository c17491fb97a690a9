// Escalation (api.md v1.1) on a controlled clock: a P1 not accepted escalates to level 1 at 300 s and
// level 2 at 600 s, with the supervisor (and at level 2 the manager) on call in `notify`; acceptance stops
// it; a re-dispatch restarts it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvents } from '../../server/src/events/bus';
import { addDays, localTime } from '../../server/src/pipeline/duty';
import { metricValue } from '../helpers/metrics';
import { startServer, type TestServer } from '../helpers/server';
import { connectSocket, EventLog, type TestSocket } from '../helpers/socket';

interface Ticket {
  id: string;
  status: string;
  escalationLevel?: number;
  timeline?: { type: string; by: string; data: Record<string, unknown> }[];
}
type Escalated = DomainEvents['ticket:escalated'];

const S = 1000;

describe('escalation on a controlled clock', () => {
  let s: TestServer;
  let disp: string;
  let socket: TestSocket;
  let log: EventLog;
  const heard: Escalated[] = [];
  const tick = (ms: number) => {
    s.clock?.advance(ms);
    s.app.tick();
  };
  const get = async (id: string) => (await s.api.get<Ticket>(`/api/tickets/${id}`, disp)).body;
  const escalations = async (id: string) =>
    ((await get(id)).timeline ?? []).filter((e) => e.type === 'escalated').map((e) => e.data);
  const open = async (priority: string) =>
    (
      await s.api.post<Ticket>(
        '/api/tickets',
        { category: 'electrical', description: '电线打火', priority },
        disp,
      )
    ).body.id;
  const event = (id: string, body: Record<string, unknown>) =>
    s.api.post<Ticket>(`/api/tickets/${id}/events`, body, disp);

  beforeAll(async () => {
    s = await startServer({ manualClock: true });
    disp = await s.api.userToken(s.admin, 'disp', 'dispatcher');
    await s.api.userToken(s.admin, 'sup', 'dispatcher');
    await s.api.userToken(s.admin, 'boss', 'viewer');
    for (const id of ['van-1', 'van-3', 'van-4', 'van-5'])
      await s.api.post('/api/vans', { id, name: id }, s.admin);
    // The supervisor and manager are on call for every shift around now, whatever the hour.
    const today = localTime(s.clock?.now() ?? Date.now(), 'Asia/Shanghai').date;
    for (const date of [addDays(today, -1), today, addDays(today, 1)])
      for (const shift of ['day', 'night']) {
        const res = await s.api.request('PUT', `/api/duty/roster/${date}/${shift}`, {
          token: s.admin,
          body: { members: ['disp'], supervisor: 'sup', manager: 'boss' },
        });
        expect(res.status).toBe(200);
      }
    s.app.services.bus.on('ticket:escalated', (e) => heard.push(e));
    socket = await connectSocket(s.httpUrl, disp);
    log = new EventLog(socket, ['ticket:escalated', 'ticket:updated']);
  });
  afterAll(async () => {
    socket?.close();
    await s?.stop();
  });

  it('escalates a P1 not accepted to level 1 at 300 s, naming the supervisor on call, then level 2 at 600 s', async () => {
    const id = await open('P1');
    await event(id, { type: 'dispatch', vanId: 'van-1' });
    tick(300 * S - 1);
    expect(await escalations(id)).toEqual([]);
    tick(1);
    expect(await escalations(id)).toEqual([{ level: 1, notify: ['sup'] }]);
    expect((await get(id)).escalationLevel).toBe(1);
    const onSocket = await log.waitFor<{ ticketId: string; level: number; notify: string[] }>(
      'ticket:escalated',
      (e) => e.ticketId === id && e.level === 1,
    );
    expect(onSocket.notify).toEqual(['sup']);
    expect(heard.find((e) => e.ticket.id === id && e.level === 1)?.notify).toEqual(['sup']);
    await log.waitFor<Ticket>('ticket:updated', (t) => t.id === id && t.escalationLevel === 1);

    tick(299 * S);
    expect(await escalations(id)).toHaveLength(1); // never twice to the same level
    tick(1 * S);
    expect(await escalations(id)).toEqual([
      { level: 1, notify: ['sup'] },
      { level: 2, notify: ['sup', 'boss'] },
    ]);
    await log.waitFor('ticket:escalated', (e) => e.ticketId === id && e.level === 2);
    expect(heard.filter((e) => e.ticket.id === id).map((e) => [e.level, e.notify])).toEqual([
      [1, ['sup']],
      [2, ['sup', 'boss']],
    ]);
    tick(3600 * S);
    expect(await escalations(id)).toHaveLength(2);
    expect(await metricValue(s, 'redsail_escalations_total', { level: '2', priority: 'P1' })).toBe(1);
  });

  it('nothing escalates once the ticket is accepted', async () => {
    const id = await open('P1');
    await event(id, { type: 'dispatch', vanId: 'van-3' });
    tick(100 * S);
    expect((await event(id, { type: 'accept' })).status).toBe(200);
    tick(900 * S);
    expect(await escalations(id)).toEqual([]);
    expect(heard.some((e) => e.ticket.id === id)).toBe(false);
  });

  it('a re-dispatch to another van restarts the clock', async () => {
    const id = await open('P2');
    expect((await event(id, { type: 'dispatch', vanId: 'van-4' })).status).toBe(200);
    tick(800 * S);
    expect((await event(id, { type: 'dispatch', vanId: 'van-5' })).status).toBe(200);
    tick(899 * S); // 1699 s since it was opened, 899 s since it was moved
    expect(await escalations(id)).toEqual([]);
    tick(1 * S);
    expect(await escalations(id)).toEqual([{ level: 1, notify: ['sup'] }]);
  });

  it('P3 does not escalate unless ESCALATE_P3_S is set', async () => {
    const id = await open('P3');
    tick(24 * 3600 * S);
    expect(await escalations(id)).toEqual([]);
  });
});
