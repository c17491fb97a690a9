// The dusk sweep through the real server and real MQTT lamps, on a controlled clock in Qufu
// (2026-12-21: sunset 17:03, so the sweep is due at 17:33 with the default DUSK_SWEEP_AFTER_MIN=30):
// the lamps found dark become ONE night-patrol ticket with the stops in order from the depot, and
// neither another pass that night nor a restart makes a second one.
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDevice, publish, registerDevice } from '../helpers/devices';
import { ADMIN_PASSWORD, startServer, type TestServer } from '../helpers/server';
import { connectSocket, EventLog, type TestSocket } from '../helpers/socket';

interface Stop {
  deviceId: string;
  name?: string;
  legS: number;
  reasons: string[];
}
interface Alarm {
  rule: string;
  severity: string;
  active: boolean;
  ticketId?: string;
}
interface Ticket {
  id: string;
  source: string;
  category: string;
  priority: string;
  status: string;
  description: string;
  timeline?: { type: string; by: string; data: Record<string, unknown> }[];
}

const local = (iso: string) => Date.parse(`${iso}+08:00`);
const NIGHT_TICKET = 'T261221-DSWEEP';
const MIN = 60_000;
// Sites and lamps along one street east of the depot; no road network: straight-line times.
const DEPOT = { lat: 35.6, lng: 117.0 };
const LAMPS = [
  { id: 'lamp-s-1', name: '文化路 1 号灯', lng: 117.004 },
  { id: 'lamp-s-2', name: '文化路 2 号灯', lng: 117.002 },
  { id: 'lamp-s-3', name: '文化路 3 号灯', lng: 117.006 },
  { id: 'lamp-s-4', name: '文化路 4 号灯', lng: 117.008 },
];

describe('dusk sweep: dark lamps → one night-patrol ticket', () => {
  let s: TestServer;
  let disp: string;
  let socket: TestSocket;
  let log: EventLog;
  const lamps = new Map<string, MqttClient>();
  const env = { OFFLINE_AFTER_S: '86400' }; // the lamps report once; silence must not take them offline
  const sweep = async (at: string) => {
    s.clock?.set(local(at));
    s.app.tick();
    return s.app.services.duskSweep.settled();
  };
  const inspections = async () =>
    (await s.api.get<Ticket[]>('/api/tickets', disp)).body.filter((t) => t.source === 'inspection');
  const reading = (id: string, r: Record<string, unknown>) => {
    const c = lamps.get(id);
    if (!c) throw new Error(`no lamp ${id}`);
    return publish(c, id, 'telemetry', { u: 224, p: 0, lux: 1, ...r });
  };

  /** Starts on the data, with the clock at `at` and a fresh admin login (sessions follow the clock). */
  const start = async (at: string, dataDir?: string) => {
    s = await startServer({ manualClock: true, env, ...(dataDir !== undefined && { dataDir }) });
    s.clock?.set(local(at));
    s.admin = await s.api.login('admin', ADMIN_PASSWORD);
  };

  beforeAll(async () => {
    await start('2026-12-21T16:30');
    disp = await s.api.userToken(s.admin, 'disp', 'dispatcher');
    const site = await s.api.post(
      '/api/sites',
      { id: 'depot', kind: 'depot', name: '车队', ...DEPOT },
      s.admin,
    );
    expect(site.status).toBe(201);
    for (const l of LAMPS) {
      const creds = await registerDevice(s, {
        id: l.id,
        type: 'streetlight',
        name: l.name,
        lat: 35.6,
        lng: l.lng,
      });
      lamps.set(l.id, await connectDevice(s, creds));
    }
    socket = await connectSocket(s.httpUrl, disp);
    log = new EventLog(socket, ['ticket:created']);
  });
  afterAll(async () => {
    for (const c of lamps.values()) c.end(true);
    socket?.close();
    await s?.stop();
  });

  it('before the sweep is due nothing happens; at sunset + 30 min the dark lamps become one ticket in visiting order', async () => {
    // lamp-s-4 fails by day (commanded on, dark for 5 min: lamp_failure), then drops off the network:
    // offline, only its alarm says it is dark.
    await reading('lamp-s-4', { lamp: 'off', commanded: 'on', i: 0 });
    s.clock?.advance(5 * MIN);
    s.app.tick();
    await publish(lamps.get('lamp-s-4') as MqttClient, 'lamp-s-4', 'status', 'offline');
    await lamps.get('lamp-s-4')?.endAsync();
    lamps.delete('lamp-s-4');
    const failure = (await s.api.get<{ rule: string }[]>('/api/alarms?deviceId=lamp-s-4', disp)).body;
    expect(failure.map((a) => a.rule)).toContain('lamp_failure');

    expect(await sweep('2026-12-21T17:20')).toBeUndefined();
    // At dusk: lamp 1 switched off by its controller, lamp 2 on but drawing nothing, lamp 3 burning.
    await reading('lamp-s-1', { lamp: 'off', commanded: 'off', i: 0 });
    await reading('lamp-s-2', { lamp: 'on', commanded: 'on', i: 0.01 });
    await reading('lamp-s-3', { lamp: 'on', commanded: 'on', i: 0.45, p: 100 });
    expect(await sweep('2026-12-21T17:30')).toBeUndefined();
    expect(await inspections()).toEqual([]);

    const outcome = await sweep('2026-12-21T17:34');
    expect(outcome).toEqual({ kind: 'ticket', night: '2026-12-21', ticketId: NIGHT_TICKET, lamps: 3 });
    const created = await log.waitFor<Ticket>('ticket:created', (t) => t.id === NIGHT_TICKET);
    expect(created).toMatchObject({
      source: 'inspection',
      category: 'lighting',
      priority: 'P3',
      status: 'new',
    });

    const t = (await s.api.get<Ticket>(`/api/tickets/${NIGHT_TICKET}`, disp)).body;
    // Nearest first from the depot: 2 (117.002), 1 (117.004), then 4 (117.008); 3 burns.
    const order = ['lamp-s-2', 'lamp-s-1', 'lamp-s-4'];
    const at = order.map((id) => t.description.indexOf(id));
    expect(at.every((p) => p >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(t.description).not.toContain('lamp-s-3');
    const route = t.timeline?.find((e) => e.type === 'patrol_route');
    expect(route?.by).toBe('system');
    const stops = route?.data.stops as Stop[];
    expect(stops.map((x) => x.deviceId)).toEqual(order);
    expect(stops.map((x) => x.name)).toEqual(['文化路 2 号灯', '文化路 1 号灯', '文化路 4 号灯']);
    // Lamp 2, commanded on and dark since 17:20, has raised lamp_failure too (5 min hold).
    expect(stops.map((x) => x.reasons)).toEqual([['dark', 'lamp_failure'], ['dark'], ['lamp_failure']]);
    // ~181 m at 20 km/h is ~33 s; each leg from the previous stop.
    for (const x of stops) expect(x.legS).toBeGreaterThan(20);
    expect(route?.data).toMatchObject({
      night: '2026-12-21',
      basis: 'straight_line',
      start: { name: '车队' },
    });
    expect(route?.data.totalS).toBe(stops.reduce((sum, x) => sum + x.legS, 0));
  });

  it('another pass that night, and a restart on the same data, make no second ticket', async () => {
    await reading('lamp-s-3', { lamp: 'off', commanded: 'on', i: 0 }); // one more lamp goes dark
    expect(await sweep('2026-12-21T19:00')).toBeUndefined(); // this night is done: no pass at all
    expect((await inspections()).map((t) => t.id)).toEqual([NIGHT_TICKET]);
    // Lamp 1 has said nothing since 17:20; night fell at 17:31 (civil dusk) and the clock alone raised
    // its dark_at_night: a warning, which opens no ticket of its own (the patrol has it).
    const dark = (await s.api.get<Alarm[]>('/api/alarms?deviceId=lamp-s-1', disp)).body;
    expect(dark).toMatchObject([{ rule: 'dark_at_night', severity: 'warning', active: true }]);
    expect(dark[0]?.ticketId).toBeUndefined();

    for (const c of lamps.values()) await c.endAsync();
    lamps.clear();
    const { dataDir } = s;
    await s.stop({ keepData: true });
    await start('2026-12-21T19:59', dataDir);
    disp = s.admin;
    expect(await sweep('2026-12-21T20:00')).toEqual({
      kind: 'already',
      night: '2026-12-21',
      ticketId: NIGHT_TICKET,
    });
    expect((await inspections()).map((t) => t.id)).toEqual([NIGHT_TICKET]);
  });
});
