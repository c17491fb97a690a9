// SLA flags flip at the right moments on a controlled clock, are announced, and breaches counted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricValue } from '../helpers/metrics';
import { startServer, type TestServer } from '../helpers/server';
import { connectSocket, EventLog, type TestSocket } from '../helpers/socket';

interface Ticket {
  id: string;
  slaStatus?: string;
  slaBreaches?: string[];
  respondBy: string;
  timeline?: { type: string; data: Record<string, unknown> }[];
}

const MIN = 60_000;

describe('SLA on a controlled clock', () => {
  let s: TestServer;
  let disp: string;
  let socket: TestSocket;
  let log: EventLog;
  let id: string;
  const tick = (ms: number) => {
    s.clock?.advance(ms);
    s.app.tick();
  };
  const get = async () => (await s.api.get<Ticket>(`/api/tickets/${id}`, disp)).body;

  beforeAll(async () => {
    s = await startServer({ manualClock: true });
    disp = await s.api.userToken(s.admin, 'disp', 'dispatcher');
    socket = await connectSocket(s.httpUrl, disp);
    log = new EventLog(socket, ['ticket:updated']);
    // No van is registered, so the P1 ticket waits and its respond deadline (30 min) runs.
    id = (
      await s.api.post<Ticket>(
        '/api/tickets',
        { category: 'electrical', description: '电线打火', priority: 'P1' },
        disp,
      )
    ).body.id;
  });
  afterAll(async () => {
    socket?.close();
    await s?.stop();
  });

  it('is on time until 80 % of the respond window (24 of 30 min) has passed', async () => {
    tick(24 * MIN - 1);
    expect((await get()).slaStatus).toBeUndefined();
  });

  it('flips to at_risk at exactly 24 min and announces it', async () => {
    tick(1);
    expect((await get()).slaStatus).toBe('at_risk');
    expect(
      await log.waitFor<Ticket>('ticket:updated', (t) => t.id === id && t.slaStatus === 'at_risk'),
    ).toBeTruthy();
  });

  it('stays at_risk at the deadline itself, breaches 1 ms after it, and counts the breach', async () => {
    tick(6 * MIN);
    expect((await get()).slaStatus).toBe('at_risk');
    tick(1);
    const t = await get();
    expect(t).toMatchObject({ slaStatus: 'breached', slaBreaches: ['respond'] });
    expect(t.timeline?.at(-1)).toMatchObject({ type: 'sla_breached', data: { deadlines: ['respond'] } });
    await log.waitFor<Ticket>('ticket:updated', (x) => x.id === id && x.slaStatus === 'breached');
    expect(await metricValue(s, 'redsail_sla_breaches_total', { deadline: 'respond', priority: 'P1' })).toBe(
      1,
    );
  });

  it('a breach is recorded once: later checks add nothing until the next deadline passes', async () => {
    tick(MIN);
    tick(MIN);
    expect((await get()).slaBreaches).toEqual(['respond']);
    expect(await metricValue(s, 'redsail_sla_breaches_total')).toBe(1);
    tick(4 * 60 * MIN); // past resolveBy (4 h)
    expect((await get()).slaBreaches).toEqual(['respond', 'resolve']);
    expect(await metricValue(s, 'redsail_sla_breaches_total')).toBe(2);
  });
});
