// The van simulator against the real server: a real MQTT van that drives by street to its accepted
// ticket (on_site by itself within 50 m), technician bots that work a ticket to resolved, and the van
// driving back to its depot. Time runs 30–40× faster; every wait is on a socket event.
import { afterEach, describe, expect, it } from 'vitest';
import type { VanPosition } from '../../server/src/contracts/dto';
import { buildGraph, distM, snapToNetwork, type LatLng } from '../../simulators/vans/routing';
import { startVans, type VanFleet, type VanSimOptions } from '../../simulators/vans/van-sim';
import { COLS, DEPOT, ROWS, SITE, smallStreets } from '../fixtures/streets-small';
import { startServer, type TestServer } from '../helpers/server';
import { connectSocket, EventLog, type TestSocket } from '../helpers/socket';

interface Ticket {
  id: string;
  status: string;
  vanId?: string;
  timeline?: { type: string; by: string; data: Record<string, unknown> }[];
}

const VAN = 'van-1';
const TECH = { username: 'tech-1', password: 'tech-1-password' };
const streets = smallStreets();
const graph = buildGraph(streets);
const ll = (p: { lat: number; lng: number }): LatLng => [p.lat, p.lng];
const offStreetM = (p: { lat: number; lng: number }) => snapToNetwork(graph, ll(p)).distanceM;

describe('van simulator', () => {
  let s: TestServer | undefined;
  let socket: TestSocket | undefined;
  let fleet: VanFleet | undefined;
  let disp: string;
  let tech: string;
  let log: EventLog;
  const simLog: string[] = [];

  /** A server with one van (depot at DEPOT) and its technician; the dispatcher listens live. */
  async function setup(): Promise<{ password: string }> {
    s = await startServer();
    disp = await s.api.userToken(s.admin, 'disp', 'dispatcher');
    const reg = await s.api.post<{ mqtt: { password: string } }>(
      '/api/vans',
      { id: VAN, name: '一号车', homeLat: DEPOT.lat, homeLng: DEPOT.lng },
      s.admin,
    );
    expect(reg.status).toBe(201);
    tech = await s.api.userToken(s.admin, TECH.username, 'technician', VAN);
    socket = await connectSocket(s.httpUrl, disp);
    log = new EventLog(socket, ['van:positions', 'ticket:updated']);
    return { password: reg.body.mqtt.password };
  }

  async function start(password: string, extra: Partial<VanSimOptions>): Promise<void> {
    fleet = await startVans({
      apiUrl: s!.httpUrl,
      mqttUrl: s!.mqttUrl,
      apiToken: disp,
      vans: [{ id: VAN, password, home: DEPOT, technician: TECH }],
      streets,
      seed: 42,
      tickMs: 100,
      log: (m) => simLog.push(m),
      ...extra,
    });
  }

  const positions = (from = 0) =>
    log.events
      .slice(from)
      .filter((e) => e.name === 'van:positions')
      .flatMap((e) => (e.payload as VanPosition[]).filter((p) => p.id === VAN));
  /** The first van:positions batch (from event number `from` on) in which the van matches pred. */
  const vanIs = (pred: (p: VanPosition) => boolean, from = 0) => {
    const earlier = new Set(log.events.slice(0, from).map((e) => e.payload));
    return log.waitFor<VanPosition[]>(
      'van:positions',
      (ps) => !earlier.has(ps) && ps.some((p) => p.id === VAN && pred(p)),
    );
  };
  const ticketIs = (id: string, status: string) =>
    log.waitFor<Ticket>('ticket:updated', (t) => t.id === id && t.status === status);
  const hotline = async (body: object) => {
    const res = await s!.api.post<Ticket>(
      '/api/tickets',
      { category: 'electrical', description: '楼道配电箱跳闸', ...body },
      disp,
    );
    expect(res.status).toBe(201);
    return res.body.id;
  };
  const timeline = async (id: string) =>
    ((await s!.api.get<Ticket>(`/api/tickets/${id}`, disp)).body.timeline ?? []).map((e) => [e.type, e.by]);

  afterEach(async () => {
    await fleet?.stop();
    socket?.close();
    await s?.stop();
    fleet = socket = s = undefined;
    simLog.length = 0;
  });

  it('drives by street to the accepted ticket, which turns on_site by itself, and waits there', async () => {
    await start((await setup()).password, { timeScale: 30 });
    await vanIs((p) => p.status === 'idle');
    const id = await hotline(SITE);
    await ticketIs(id, 'dispatched');
    // Dispatched is not accepted: the van is still at its depot.
    expect(distM(ll(fleet!.positions().get(VAN)!), ll(DEPOT))).toBeLessThan(0.01);

    const mark = log.events.length;
    const accepted = await s!.api.post<Ticket>(`/api/tickets/${id}/events`, { type: 'accept' }, tech);
    expect(accepted.body.status).toBe('accepted');
    await ticketIs(id, 'on_site');

    const route = positions(mark);
    expect(route.length).toBeGreaterThanOrEqual(4);
    // Never across a block: every fix within 10 m of a street, most right on one.
    for (const p of route) expect(offStreetM(p)).toBeLessThan(10);
    expect(route.filter((p) => offStreetM(p) < 1).length).toBeGreaterThanOrEqual(route.length - 1);
    // The way leads north up 西巷 first: a fix on it, between the south and middle rows.
    expect(route.some((p) => Math.abs(p.lng - COLS[0]) < 1e-6 && p.lat > ROWS[0] && p.lat < ROWS[1])).toBe(
      true,
    );
    expect(route.some((p) => (p.speed_kmh ?? 0) >= 15)).toBe(true);
    expect((await timeline(id)).at(-1)).toEqual(['arrive', 'system']);

    // On site, the van creeps to the spot and stands there.
    await vanIs((p) => p.status === 'on_site' && distM(ll(p), ll(SITE)) < 0.5 && p.speed_kmh === 0);
    expect(simLog.some((m) => m.includes('driving to ticket'))).toBe(true);
  });

  it('with bots, the ticket is resolved with no hand in it, and the van drives home', async () => {
    await start((await setup()).password, { timeScale: 40, bots: true, technician: { repairS: [30, 60] } });
    await vanIs((p) => p.status === 'idle');
    const id = await hotline(SITE);
    await ticketIs(id, 'resolved');
    const steps = (await timeline(id)).filter(([type]) =>
      ['accept', 'depart', 'arrive', 'resolve'].includes(type!),
    );
    expect(steps).toEqual([
      ['accept', TECH.username],
      ['depart', TECH.username],
      ['arrive', 'system'],
      ['resolve', TECH.username],
    ]);
    const detail = (await s!.api.get<Ticket>(`/api/tickets/${id}`, disp)).body;
    expect(String(detail.timeline?.find((e) => e.type === 'resolve')?.data.note)).toMatch(/^已修复：/);

    const mark = log.events.length;
    await vanIs((p) => p.status === 'idle' && distM(ll(p), ll(DEPOT)) < 0.5 && p.speed_kmh === 0, mark);
    const home = positions(mark);
    expect(home.some((p) => distM(ll(p), ll(DEPOT)) > 100)).toBe(true); // it really drove
    for (const p of home) expect(offStreetM(p)).toBeLessThan(10);
    expect(simLog.filter((m) => m.includes('failed'))).toEqual([]);
  });

  it('a ticket the dispatcher cancels is dropped; the bot works the next one', async () => {
    await start((await setup()).password, { timeScale: 40, bots: true, technician: { repairS: [30, 60] } });
    await vanIs((p) => p.status === 'idle');
    const first = await hotline(SITE);
    await ticketIs(first, 'dispatched');
    const cancel = { type: 'cancel', reason: '居民来电：已自行恢复' };
    expect((await s!.api.post<Ticket>(`/api/tickets/${first}/events`, cancel, disp)).body.status).toBe(
      'cancelled',
    );
    const next = await hotline({ lat: ROWS[1], lng: COLS[0] }); // 167 m north of the depot
    await ticketIs(next, 'resolved');
    expect((await timeline(next)).filter(([type]) => type === 'resolve')).toEqual([
      ['resolve', TECH.username],
    ]);
    expect((await timeline(first)).filter(([, by]) => by === TECH.username)).toEqual([]);
  });

  it('a bot finds a ticket dispatched before it started; the van drives to its compound’s centre', async () => {
    const { password } = await setup();
    // A square compound around SITE: the ticket names only the compound.
    const d = 0.0003;
    const ring = [
      [SITE.lng - d, SITE.lat - d],
      [SITE.lng + d, SITE.lat - d],
      [SITE.lng + d, SITE.lat + d],
      [SITE.lng - d, SITE.lat + d],
      [SITE.lng - d, SITE.lat - d],
    ];
    const compound = { id: 'gongbao', name: '工保小区', outline: { type: 'Polygon', coordinates: [ring] } };
    expect((await s!.api.post('/api/compounds', compound, s!.admin)).status).toBe(201);
    const id = await hotline({ compoundId: 'gongbao' });
    const res = await s!.api.post<Ticket>(
      `/api/tickets/${id}/events`,
      { type: 'dispatch', vanId: VAN },
      disp,
    );
    expect(res.body).toMatchObject({ status: 'dispatched', vanId: VAN });

    await start(password, { timeScale: 40, bots: true, technician: { repairS: [30, 60] } });
    await ticketIs(id, 'resolved');
    expect((await timeline(id)).filter(([type]) => type === 'arrive')).toEqual([['arrive', 'system']]);
    expect(positions().some((p) => distM(ll(p), ll(SITE)) < 1)).toBe(true);
  });
});
