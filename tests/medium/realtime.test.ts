// The Socket.IO gateway (api.md "Socket.IO"): handshake auth (token or console cookie), rooms by
// role, and the coalesced device:state feed — against the real server, real MQTT devices and
// real socket.io-client sockets. No sleeps: every wait is for an event or a PUBACK.
import type { MqttClient } from 'mqtt';
import { io } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TicketRecord } from '../../server/src/store/store';
import { connectDevice, publish, registerDevice, topic } from '../helpers/devices';
import { startServer, type TestServer } from '../helpers/server';
import { connectSocket, EventLog, type TestSocket } from '../helpers/socket';

interface Alarm {
  id: string;
  deviceId: string;
  rule: string;
  ticketId?: string;
}
interface Ticket {
  id: string;
  deviceId?: string;
  vanId?: string;
}
interface DeviceState {
  id: string;
  state: Record<string, unknown>;
}

const ALL_EVENTS = [
  'alarm:raised',
  'alarm:updated',
  'alarm:cleared',
  'ticket:created',
  'ticket:updated',
  'device:status',
  'device:state',
  'command:ack',
] as const;

/** Opens a socket that is expected to be refused; resolves with the connect_error. */
function refusedHandshake(socket: TestSocket): Promise<{ error: Error; socket: TestSocket; log: EventLog }> {
  const log = new EventLog(socket, [...ALL_EVENTS]);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('the handshake was accepted')));
    socket.once('connect_error', (error) => resolve({ error, socket, log }));
  });
}

describe('Socket.IO handshake and rooms', () => {
  let s: TestServer;
  const devices: MqttClient[] = [];
  const sockets: TestSocket[] = [];
  let viewerToken: string;

  /** Registers and connects a distribution box, then publishes a leakage reading (an alarm + a ticket). */
  async function leak(id: string): Promise<void> {
    const box = await connectDevice(s, await registerDevice(s, { id, type: 'distribution_box' }));
    devices.push(box);
    await publish(box, id, 'telemetry', { leakage_ma: 45 });
  }

  beforeAll(async () => {
    s = await startServer();
    viewerToken = await s.api.userToken(s.admin, 'view', 'viewer');
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  afterAll(async () => {
    for (const d of devices) await d.endAsync();
    await s?.stop();
  });

  it('refuses a handshake without a token and with a bad one: connect_error, never connected, no events', async () => {
    const opts = { transports: ['websocket'], reconnection: false };
    const attempts = await Promise.all([
      refusedHandshake(io(s.httpUrl, opts)),
      refusedHandshake(io(s.httpUrl, { ...opts, auth: { token: 'not-a-token' } })),
      refusedHandshake(
        io(s.httpUrl, {
          ...opts,
          extraHeaders: { cookie: 'redsail_session=not-a-token', origin: s.httpUrl },
        }),
      ),
    ]);
    for (const a of attempts) sockets.push(a.socket);
    const [none, bad, badCookie] = attempts.map((a) => a.error.message);
    expect(none).toMatch(/unauthorized: send auth\.token/);
    expect(bad).toMatch(/unauthorized: token unknown or expired/);
    expect(badCookie).toMatch(/unauthorized: token unknown or expired/);

    // A refused socket never joins a room. Raise an alarm and wait until an accepted socket has it:
    // the gateway emits to every room member in the same call, so by then it has "sent" to all.
    const viewer = await connectSocket(s.httpUrl, viewerToken);
    sockets.push(viewer);
    const viewerLog = new EventLog(viewer, ['alarm:raised']);
    await leak('box-a');
    await viewerLog.waitFor<Alarm>('alarm:raised', (a) => a.deviceId === 'box-a');
    for (const a of attempts) {
      expect(a.socket.connected).toBe(false);
      expect(a.log.events).toEqual([]);
    }
  });

  it('accepts the console cookie (redsail_session) for the handshake and delivers alarm:raised', async () => {
    const res = await fetch(`${s.httpUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'view', password: 'view-password' }),
    });
    expect(res.status).toBe(200);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^redsail_session=.+/);

    const socket: TestSocket = io(s.httpUrl, {
      transports: ['websocket'],
      extraHeaders: { cookie, origin: s.httpUrl },
      reconnection: false,
    });
    sockets.push(socket);
    const log = new EventLog(socket, ['alarm:raised']);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });

    await leak('box-b');
    const raised = await log.waitFor<Alarm>('alarm:raised', (a) => a.deviceId === 'box-b');
    expect(raised).toMatchObject({ rule: 'leakage', severity: 'critical', active: true });
  });

  it('a technician socket gets only its van’s events; a viewer socket gets everything', async () => {
    const techToken = await s.api.userToken(s.admin, 'tech', 'technician', 'van-1');
    const tech = await connectSocket(s.httpUrl, techToken);
    const viewer = await connectSocket(s.httpUrl, viewerToken);
    sockets.push(tech, viewer);
    const techLog = new EventLog(tech, [...ALL_EVENTS]);
    const viewerLog = new EventLog(viewer, [...ALL_EVENTS]);

    await leak('box-c');
    const raised = await viewerLog.waitFor<Alarm>('alarm:raised', (a) => a.deviceId === 'box-c');
    await viewerLog.waitFor<Ticket>('ticket:created', (t) => t.id === raised.ticketId);

    // Proving a negative without sleeping: send the technician an event it must receive, emitted
    // after the viewer already holds the alarm and the ticket. Socket.IO keeps the order of the
    // packets on one connection, and the gateway writes a broadcast to every member of the room
    // synchronously, so had the box's alarm:raised / ticket:created been written to the technician's
    // socket, they would have been written before this barrier and would arrive before it.
    // Nothing in the API can put a ticket on a van yet (dispatch answers 409 dispatch_unavailable),
    // so the barrier is a ticket:created for van-1 emitted on the bus, exactly as TicketService would
    // announce it after its commit; the gateway routes it to `all` and to `van:van-1`.
    const now = Date.now();
    const barrier: TicketRecord = {
      id: 'T-BARRIER-1',
      status: 'dispatched',
      priority: 'P3',
      source: 'hotline',
      category: 'lighting',
      description: 'barrier ticket for van-1',
      vanId: 'van-1',
      createdAt: now,
      updatedAt: now,
      dispatchedAt: now,
      respondBy: now + 4 * 3600_000,
      resolveBy: now + 24 * 3600_000,
    };
    s.app.services.bus.emit('ticket:created', barrier);
    await techLog.waitFor<Ticket>('ticket:created', (t) => t.id === barrier.id);
    await viewerLog.waitFor<Ticket>('ticket:created', (t) => t.id === barrier.id);

    expect(techLog.of('alarm:raised')).toEqual([]);
    expect(techLog.of<Ticket>('ticket:created').map((t) => t.id)).toEqual([barrier.id]);
    expect(techLog.events.map((e) => e.name)).toEqual(['ticket:created']);
    expect(viewerLog.of<Alarm>('alarm:raised').map((a) => a.deviceId)).toEqual(['box-c']);
    expect(viewerLog.of<Ticket>('ticket:created').map((t) => t.id)).toEqual([raised.ticketId, barrier.id]);
  });

  it('refuses a handshake with an unknown van:positions window or device-state mode, saying what is allowed', async () => {
    const attempts = await Promise.all(
      [{ vanPositionsMs: 30 }, { vanPositionsMs: '50' }, { deviceStates: 'single' }].map((auth) =>
        refusedHandshake(
          io(s.httpUrl, {
            auth: { ...auth, token: viewerToken },
            transports: ['websocket'],
            reconnection: false,
          }),
        ),
      ),
    );
    for (const a of attempts) sockets.push(a.socket);
    const [thirty, text, single] = attempts.map((a) => a.error.message);
    expect(thirty).toBe('bad handshake: auth.vanPositionsMs must be one of 50, 100, 250 (milliseconds)');
    expect(text).toBe(thirty);
    expect(single).toBe("bad handshake: auth.deviceStates must be 'batched' or absent");
    for (const a of attempts) expect(a.socket.connected).toBe(false);
  });

  it('delivers each van fix once to every console, on the window each asked for', async () => {
    const windows = [undefined, 50, 100, 250] as const;
    const consoles = await Promise.all(
      windows.map((ms) =>
        connectSocket(s.httpUrl, viewerToken, ms === undefined ? {} : { vanPositionsMs: ms }),
      ),
    );
    sockets.push(...consoles);
    const logs = consoles.map((c) => new EventLog(c, ['van:positions']));
    const fix = (id: string, lat: number) => ({
      id,
      lat,
      lng: 121.47,
      status: 'idle' as const,
      ts: new Date().toISOString(),
    });
    const bus = s.app.services.bus;
    bus.emit('van:position', fix('van-w1', 31.2));
    bus.emit('van:position', fix('van-w2', 31.3));
    type Positions = { id: string; lat: number }[];
    for (const log of logs) {
      const seen = new Set<string>();
      await log.waitFor<Positions>('van:positions', (list) => {
        for (const p of list) seen.add(p.id);
        return seen.has('van-w1') && seen.has('van-w2');
      });
    }
    // A later fix of one van, as a barrier: once every console has it, each window has flushed the
    // earlier ones exactly once (no console hears a van twice from two windows).
    bus.emit('van:position', fix('van-w1', 31.25));
    for (const log of logs) {
      await log.waitFor<Positions>('van:positions', (list) => list.some((p) => p.lat === 31.25));
      const heard = log
        .of<Positions>('van:positions')
        .flat()
        .map((p) => `${p.id}@${p.lat}`);
      expect(heard.sort()).toEqual(['van-w1@31.2', 'van-w1@31.25', 'van-w2@31.3']);
    }
  });

  it('closes a live connection when its login is ended by logout', async () => {
    const token = await s.api.login('view', 'view-password');
    const socket = await connectSocket(s.httpUrl, token);
    sockets.push(socket);
    const closed = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    expect((await s.api.request('POST', '/api/auth/logout', { token })).status).toBe(204);
    expect(await closed).toBe('io server disconnect');
    expect((await s.api.get('/api/auth/me', token)).status).toBe(401);
  });
});

describe('device:state is coalesced', () => {
  let s: TestServer;
  let socket: TestSocket;
  let log: EventLog;
  let batchedSocket: TestSocket;
  let batched: EventLog;
  let box: MqttClient;

  beforeAll(async () => {
    // With a one-minute group-commit window, telemetry-only writes reach the store (and announce
    // device:state) only when something forces a commit: here the telemetry read below, which
    // flushes the queue. That makes the count of events independent of how fast this machine is.
    s = await startServer({ env: { COMMIT_INTERVAL_MS: '60000' } });
    socket = await connectSocket(s.httpUrl, s.admin);
    log = new EventLog(socket, ['device:state', 'device:states']);
    batchedSocket = await connectSocket(s.httpUrl, s.admin, { deviceStates: 'batched' });
    batched = new EventLog(batchedSocket, ['device:state', 'device:states']);
    box = await connectDevice(s, await registerDevice(s, { id: 'box-d', type: 'distribution_box' }));
  });
  afterAll(async () => {
    await box?.endAsync();
    socket?.close();
    batchedSocket?.close();
    await s?.stop();
  });

  it('20 readings back to back reach a socket as far fewer device:state events, the last with the final state', async () => {
    // The first reading brings the box online (an urgent commit); wait until its state is out.
    await publish(box, 'box-d', 'telemetry', { temp_c: 30 });
    await log.waitFor<DeviceState>('device:state', (e) => e.id === 'box-d' && e.state.temp_c === 30);
    const before = log.of<DeviceState>('device:state').length;

    // Twenty QoS 1 publishes written back to back; each resolves on its PUBACK, i.e. once ingest
    // has handled that message.
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        box.publishAsync(topic('box-d', 'telemetry'), JSON.stringify({ temp_c: 40 + i }), { qos: 1 }),
      ),
    );
    // History keeps every reading (this read also commits the queue); only the live feed is coalesced.
    const history = await s.api.get<{ points: { value: number }[] }>(
      '/api/devices/box-d/telemetry?metric=temp_c',
      s.admin,
    );
    const values = history.body.points.map((p) => p.value).sort((a, b) => a - b);
    expect(values).toEqual([30, ...Array.from({ length: 20 }, (_, i) => 40 + i)]);

    const last = await log.waitFor<DeviceState>(
      'device:state',
      (e) => e.id === 'box-d' && e.state.temp_c === 59,
    );
    const burst = log.of<DeviceState>('device:state').slice(before);
    expect(burst.length).toBeLessThan(20);
    // One commit wrote the merged state of all twenty: one event, carrying the final value.
    expect(burst).toEqual([last]);
    expect(last.state).toEqual({ temp_c: 59 });
  });

  it('a client that asked for batches gets the same feed as device:states arrays, never device:state', async () => {
    const other = await connectDevice(s, await registerDevice(s, { id: 'box-e', type: 'distribution_box' }));
    try {
      await publish(box, 'box-d', 'telemetry', { temp_c: 61 });
      await publish(other, 'box-e', 'telemetry', { temp_c: 62 });
      await s.api.get('/api/devices/box-d/telemetry?metric=temp_c', s.admin); // commits the queue
      const seen = new Map<string, unknown>();
      await batched.waitFor<DeviceState[]>('device:states', (list) => {
        for (const e of list) seen.set(e.id, e.state.temp_c);
        return seen.get('box-d') === 61 && seen.get('box-e') === 62;
      });
      await log.waitFor<DeviceState>('device:state', (e) => e.id === 'box-e' && e.state.temp_c === 62);
      expect(batched.of('device:state')).toEqual([]);
      expect(log.of('device:states')).toEqual([]);
      // Every batch holds each device at most once.
      for (const list of batched.of<DeviceState[]>('device:states'))
        expect(new Set(list.map((e) => e.id)).size).toBe(list.length);
    } finally {
      await other.endAsync();
    }
  });
});
