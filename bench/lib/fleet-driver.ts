// The map benchmark's field: a child process (`node --import tsx bench/lib/fleet-driver.ts spec.json`)
// that speaks the device protocol over real MQTT. Every van publishes a GPS fix once a second (phases
// spread over the second) while driving street-grid errands with the simulator's speed profile;
// faulty devices hold a fault reading (re-sent every few seconds), offline ones say `offline` and
// leave, chatty ones send normal readings. Tells its parent `ready` over IPC; stops on 'stop' or SIGTERM.
import { readFileSync } from 'node:fs';
import mqtt, { type MqttClient } from 'mqtt';
import { deviceTypes } from '../../devices/index';
import { deviceTopic } from '../../server/src/contracts/topics';
import { advance, preparePath, startVehicle, type Path, type Vehicle } from '../../simulators/vans/motion';
import { errand, seeded, type City, type DeviceRole, type LatLng } from './city';

export interface DriverSpec {
  mqttUrl: string;
  box: City['box'];
  seed: number;
  vans: { id: string; password: string; start: LatLng }[];
  devices: (DeviceRole & { password: string })[];
}

export interface DriverReady {
  type: 'ready';
  vans: number;
  devices: number;
}

const FIX_MS = 1000;
const FAULT_REPEAT_MS = 3000;
const CHATTER_MS = 2000;
const CONNECT_AT_ONCE = 25;

const spec = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as DriverSpec;
const rnd = seeded(spec.seed);
const clients: MqttClient[] = [];
const timers: ReturnType<typeof setInterval>[] = [];
const normal = new Map(deviceTypes.map((t) => [t.type, t.simulator.normal]));

function connect(id: string, password: string): Promise<MqttClient> {
  return mqtt
    .connectAsync(spec.mqttUrl, {
      clientId: id,
      username: id,
      password,
      reconnectPeriod: 0,
      will: { topic: deviceTopic(id, 'status'), payload: Buffer.from('offline'), qos: 1, retain: true },
    })
    .then((c) => {
      clients.push(c);
      return c;
    });
}

async function inBatches<T>(items: T[], fn: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += CONNECT_AT_ONCE) {
    await Promise.all(items.slice(i, i + CONNECT_AT_ONCE).map(fn));
  }
}

const send = (c: MqttClient, id: string, body: object, qos: 0 | 1 = 0) =>
  c.publishAsync(deviceTopic(id, 'telemetry'), JSON.stringify(body), { qos }).then(
    () => undefined,
    () => undefined,
  );

interface Van {
  id: string;
  client: MqttClient;
  path: Path;
  vehicle: Vehicle;
  dueAt: number;
}

function newErrand(from: LatLng, speed: Partial<Pick<Vehicle, 'speedMps' | 'heading'>> = {}) {
  return { path: preparePath(errand(from, spec.box, rnd)), vehicle: startVehicle(rnd, speed) };
}

function step(v: Van): void {
  const { vehicle, fix } = advance(v.path, v.vehicle, FIX_MS / 1000, rnd);
  v.vehicle = vehicle;
  if (fix.arrived) Object.assign(v, newErrand([fix.lat, fix.lng], { heading: fix.heading }));
  void send(v.client, v.id, {
    lat: Math.round(fix.lat * 1e6) / 1e6,
    lng: Math.round(fix.lng * 1e6) / 1e6,
    speed_kmh: Math.round(fix.speed_kmh * 10) / 10,
    heading: Math.round(fix.heading),
  });
}

async function main(): Promise<void> {
  const vans: Van[] = [];
  await inBatches(spec.vans, async (s) => {
    const client = await connect(s.id, s.password);
    await client.publishAsync(deviceTopic(s.id, 'status'), 'online', { qos: 1, retain: true });
    vans.push({ id: s.id, client, ...newErrand(s.start), dueAt: 0 });
  });
  const t0 = Date.now();
  vans.forEach((v, i) => (v.dueAt = t0 + (i / vans.length) * FIX_MS));
  timers.push(
    setInterval(() => {
      const now = Date.now();
      for (const v of vans) {
        if (v.dueAt > now) continue;
        v.dueAt += FIX_MS;
        if (v.dueAt < now) v.dueAt = now + FIX_MS; // fell behind: no burst of catch-up fixes
        step(v);
      }
    }, 20),
  );

  await inBatches(spec.devices, async (d) => {
    const client = await connect(d.id, d.password);
    await client.publishAsync(deviceTopic(d.id, 'status'), 'online', { qos: 1, retain: true });
    if (d.kind === 'offline') {
      await client.publishAsync(deviceTopic(d.id, 'status'), 'offline', { qos: 1, retain: true });
      await client.endAsync();
      return;
    }
    const reading = () => ({
      ...normal.get(d.type),
      ...(d.kind === 'fault' ? d.reading : {}),
    });
    await send(client, d.id, reading(), 1);
    const every = d.kind === 'fault' ? FAULT_REPEAT_MS : CHATTER_MS;
    const start = setTimeout(() => {
      timers.push(setInterval(() => void send(client, d.id, reading()), every));
    }, rnd() * every);
    timers.push(start);
  });
  const ready: DriverReady = { type: 'ready', vans: vans.length, devices: spec.devices.length };
  process.send?.(ready);
}

async function stop(code: number): Promise<void> {
  for (const t of timers) clearInterval(t);
  await Promise.allSettled(clients.map((c) => c.endAsync(true)));
  process.exit(code);
}

process.on('message', (m) => {
  if (m === 'stop') void stop(0);
});
process.on('SIGTERM', () => void stop(0));
process.on('disconnect', () => void stop(0));
main().catch((err: unknown) => {
  console.error(err);
  void stop(1);
});
