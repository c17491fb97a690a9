// One simulated van: a real MQTT client (username = client id = van id, retained online status, an
// offline last will) that publishes a GPS fix every tick while it drives by street to its ticket once
// the ticket is accepted, waits there, and drives back to its depot when it has no ticket.
import mqtt, { type MqttClient } from 'mqtt';
import { deviceTopic } from '../../server/src/contracts/topics';
import { errorText } from './api';
import type { Job } from './fleet-watch';
import {
  advance,
  cornerKmh,
  headingDeg,
  preparePath,
  startVehicle,
  turnAngle,
  type Path,
  type Vehicle,
} from './motion';
import { shortestPath, type LatLng, type StreetGraph } from './routing';

export interface VanSpec {
  id: string;
  /** The van's MQTT secret (from its registration). */
  password: string;
  /** The depot where it waits. */
  home: { lat: number; lng: number };
  /** The technician's login, for the bot (startVans `bots`). */
  technician?: { username: string; password: string };
}

export interface VanDeps {
  mqttUrl: string;
  graph: StreetGraph;
  rand: () => number;
  log: (msg: string) => void;
}

/** Where to go: a place (keyed, so an unchanged goal is not re-planned), carry on as before, or stand. */
export type Goal = { key: string; at: LatLng } | 'keep' | 'stand';

/** A driver sets off once the ticket is accepted; a dispatched one is not theirs yet. */
export function goalFor(job: Job | undefined, home: LatLng): Goal {
  if (!job) return { key: 'home', at: home };
  if (job.status === 'dispatched') return 'keep';
  if (!job.at) return 'stand';
  return { key: `ticket ${job.ticketId} at ${job.at.lat},${job.at.lng}`, at: [job.at.lat, job.at.lng] };
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

export class SimVan {
  private pos: LatLng;
  private heading = 0;
  private speedMps = 0;
  private goalKey: string | undefined;
  private drive: { path: Path; vehicle: Vehicle; arrived: boolean } | undefined;
  private connected = true;

  private constructor(
    readonly spec: VanSpec,
    start: LatLng,
    private readonly client: MqttClient,
    private readonly deps: VanDeps,
  ) {
    this.pos = start;
    client.on('connect', () => {
      this.deps.log(`${spec.id}: connected to the broker again`);
      this.connected = true;
      this.publishStatus('online');
    });
    client.on('offline', () => {
      if (this.connected) this.deps.log(`${spec.id}: lost the broker, reconnecting`);
      this.connected = false;
    });
    client.on('error', (err) => {
      if (this.connected) this.deps.log(`${spec.id}: MQTT error: ${err.message}`);
    });
  }

  /** Connects (failing fast on refused credentials), announces itself online, and sends a first fix. */
  static async connect(spec: VanSpec, start: LatLng, deps: VanDeps): Promise<SimVan> {
    const client = await mqtt
      .connectAsync(
        deps.mqttUrl,
        {
          clientId: spec.id,
          username: spec.id,
          password: spec.password,
          reconnectPeriod: 2000,
          queueQoSZero: false, // a stale GPS fix is worth nothing: never replay them after an outage
          will: {
            topic: deviceTopic(spec.id, 'status'),
            payload: Buffer.from('offline'),
            qos: 1,
            retain: true,
          },
        },
        false,
      )
      .catch((err: unknown) => {
        throw new Error(`van ${spec.id} cannot connect to ${deps.mqttUrl}: ${errorText(err)}`);
      });
    const van = new SimVan(spec, start, client, deps);
    van.publishStatus('online');
    van.publishFix();
    return van;
  }

  position(): { lat: number; lng: number } {
    return { lat: this.pos[0], lng: this.pos[1] };
  }

  /** One tick: re-plan if the goal changed, move dtS simulated seconds, publish the fix. */
  step(dtS: number, job: Job | undefined): void {
    this.plan(goalFor(job, [this.spec.home.lat, this.spec.home.lng]));
    if (this.drive) {
      const { vehicle, fix } = advance(this.drive.path, this.drive.vehicle, dtS, this.deps.rand);
      this.drive.vehicle = vehicle;
      this.pos = [fix.lat, fix.lng];
      this.heading = fix.heading;
      this.speedMps = fix.speed_kmh / 3.6;
      if (fix.arrived && !this.drive.arrived) this.deps.log(`${this.spec.id}: arrived (${this.goalKey})`);
      this.drive.arrived = fix.arrived;
    } else this.speedMps = 0;
    this.publishFix();
  }

  private plan(goal: Goal): void {
    if (goal === 'keep' || (goal !== 'stand' && goal.key === this.goalKey)) return;
    if (goal === 'stand') {
      if (this.goalKey !== 'stand') this.deps.log(`${this.spec.id}: its ticket has no place; standing`);
      this.goalKey = 'stand';
      this.drive = undefined;
      return;
    }
    this.goalKey = goal.key;
    this.drive = undefined;
    try {
      const route = shortestPath(this.deps.graph, this.pos, goal.at);
      const [a, b] = route.points;
      // Turning round or off at a sharp angle: slow down to corner speed first.
      const angle = a && b ? turnAngle(this.heading, headingDeg(a, b)) : 0;
      const speedMps = Math.min(this.speedMps, cornerKmh(angle) / 3.6);
      const vehicle = startVehicle(this.deps.rand, { speedMps, heading: this.heading });
      const there = route.lengthM === 0;
      this.drive = { path: preparePath(route.points), vehicle, arrived: there };
      if (!there)
        this.deps.log(`${this.spec.id}: driving to ${goal.key}, ${Math.round(route.lengthM)} m by road`);
    } catch (err) {
      this.deps.log(`${this.spec.id}: cannot drive to ${goal.key}, standing: ${errorText(err)}`);
    }
  }

  private publishStatus(status: 'online' | 'offline'): void {
    this.client.publish(deviceTopic(this.spec.id, 'status'), status, { qos: 1, retain: true });
  }

  private publishFix(): void {
    if (!this.client.connected) return;
    const fix = {
      lat: round(this.pos[0], 7),
      lng: round(this.pos[1], 7),
      speed_kmh: round(this.speedMps * 3.6, 1),
      heading: round(this.heading, 1) % 360,
    };
    this.client.publish(deviceTopic(this.spec.id, 'telemetry'), JSON.stringify(fix), { qos: 0 });
  }

  /** Says goodbye properly: offline (retained), then a clean disconnect (no last will). */
  async stop(): Promise<void> {
    if (this.client.connected) {
      const bye = this.client.publishAsync(deviceTopic(this.spec.id, 'status'), 'offline', {
        qos: 1,
        retain: true,
      });
      await within(STOP_WAIT_MS, bye);
    }
    if (!(await within(STOP_WAIT_MS, this.client.endAsync()))) await this.client.endAsync(true);
  }
}

const STOP_WAIT_MS = 2000;

/** Waits for p at most ms; true if it settled successfully in time. */
async function within(ms: number, p: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([
      p.then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
