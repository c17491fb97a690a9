// Flapping through the real server (api.md v1.1): a box door toggled ten times over real MQTT is
// FLAP_COUNT raises, then one flapping alarm that holds — one ticket, no storm of events or timeline
// entries — and clears once, after FLAP_QUIET_S healthy. Time is the app's manual clock.
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDevice, publish, registerDevice } from '../helpers/devices';
import { startServer, type TestServer } from '../helpers/server';
import { connectSocket, EventLog, type TestSocket } from '../helpers/socket';

const MIN = 60_000;
const FLAP_COUNT = 5;
const QUIET_MIN = 30;

interface Alarm {
  id: string;
  deviceId: string;
  rule: string;
  active: boolean;
  count: number;
  flapping?: boolean;
  ticketId?: string;
}
interface Detail {
  id: string;
  timeline: { type: string }[];
}

describe('a flapping box door is one alarm and one ticket', () => {
  let s: TestServer;
  let socket: TestSocket;
  let log: EventLog;
  let box: MqttClient;
  const doorAlarms = () => log.of<Alarm>('alarm:raised').filter((a) => a.rule === 'door_open');
  const cleared = () => log.of<Alarm>('alarm:cleared').filter((a) => a.rule === 'door_open');

  /** Moves the clock on and runs the periodic checks; resolves once what they decided is committed. */
  const later = async (ms: number) => {
    s.clock?.advance(ms);
    s.app.tick();
    await s.app.services.ingest.committed();
  };
  /** One toggle: the door open for its 10 min hold (raise), then closed for 10 min (clear). */
  const toggle = async () => {
    await publish(box, 'box-f', 'telemetry', { door: 'open' });
    await later(10 * MIN);
    await publish(box, 'box-f', 'telemetry', { door: 'closed' });
    await later(10 * MIN);
  };

  beforeAll(async () => {
    s = await startServer({
      manualClock: true,
      // Ten 20-minute toggles fit in the window; the box never falls silent long enough to go offline.
      env: { FLAP_WINDOW_S: '7200', FLAP_QUIET_S: String(QUIET_MIN * 60), OFFLINE_AFTER_S: '86400' },
    });
    socket = await connectSocket(s.httpUrl, s.admin);
    log = new EventLog(socket, ['alarm:raised', 'alarm:updated', 'alarm:cleared', 'ticket:created']);
    box = await connectDevice(s, await registerDevice(s, { id: 'box-f', type: 'distribution_box' }));
    await publish(box, 'box-f', 'telemetry', { door: 'closed', temp_c: 30 });
  });
  afterAll(async () => {
    await box?.endAsync();
    socket?.close();
    await s?.stop();
  });

  it('ten toggles: FLAP_COUNT raises, the last one flapping, still active while the door is shut', async () => {
    for (let i = 0; i < 10; i++) await toggle();
    const active = (await s.api.get<Alarm[]>('/api/alarms?active=true&deviceId=box-f', s.admin)).body;
    expect(active).toHaveLength(1);
    expect(active[0]).toMatchObject({ rule: 'door_open', active: true, flapping: true });
    expect(active[0]?.count).toBe(10 - FLAP_COUNT + 1); // its own raise and the five repeats after it
    // Every event before the flapping one has arrived once the flapping one has.
    await log.waitFor<Alarm>('alarm:raised', (a) => a.flapping === true);
    await log.waitFor<Alarm>('alarm:updated', (a) => a.id === active[0]?.id);
    expect(doorAlarms()).toHaveLength(FLAP_COUNT);
    expect(doorAlarms().map((a) => a.flapping === true)).toEqual([false, false, false, false, true]);
    expect(cleared()).toHaveLength(FLAP_COUNT - 1);
  });

  it('one ticket, whose timeline stops growing once the alarm flaps', async () => {
    const tickets = (await s.api.get<{ id: string }[]>('/api/tickets?deviceId=box-f', s.admin)).body;
    expect(tickets).toHaveLength(1);
    expect(log.of('ticket:created')).toHaveLength(1);
    const detail = (await s.api.get<Detail>(`/api/tickets/${tickets[0]?.id}`, s.admin)).body;
    const count = (type: string) => detail.timeline.filter((e) => e.type === type).length;
    expect(count('created')).toBe(1);
    expect(count('alarm_raised')).toBe(FLAP_COUNT - 1);
    expect(count('alarm_cleared')).toBe(FLAP_COUNT - 1);
  });

  it('clears once, after FLAP_QUIET_S healthy, noted on the ticket', async () => {
    await later(QUIET_MIN * MIN - 1);
    expect((await s.api.get<Alarm[]>('/api/alarms?active=true&deviceId=box-f', s.admin)).body).toHaveLength(
      1,
    );
    await later(1);
    const last = await log.waitFor<Alarm>('alarm:cleared', (a) => a.flapping === true);
    expect(last).toMatchObject({ rule: 'door_open', active: false });
    expect(cleared()).toHaveLength(FLAP_COUNT);
    expect(doorAlarms()).toHaveLength(FLAP_COUNT);
    expect((await s.api.get<Alarm[]>('/api/alarms?active=true&deviceId=box-f', s.admin)).body).toEqual([]);
    const detail = (await s.api.get<Detail>(`/api/tickets/${last.ticketId}`, s.admin)).body;
    expect(detail.timeline.filter((e) => e.type === 'alarm_cleared')).toHaveLength(FLAP_COUNT);
  });
});
