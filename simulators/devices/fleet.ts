// The MQTT fleet runner: connects every device as a real MQTT client, starts the simulation clock,
// and applies the fault plan at its simulated times — a fault reading is published while a fault is
// held, normal readings after the restore; a power cut drops the fed devices' connections.
import { compileRegistry, OFFLINE_RULE, type CompiledDeviceType } from '../../devices/index';
import { SimClock } from './clock';
import { DeviceModel } from './device-model';
import { planScenario, type Plan } from './planner';
import { isRefusal } from './connection';
import { SimDevice, type DeviceContext } from './sim-device';
import { FleetStats } from './stats';
import { TokenBucket } from './token-bucket';
import type { FaultAction, Fleet, FleetOptions, Progress } from './types';

/** Devices connecting at the same time while the fleet starts. */
const CONNECT_CONCURRENCY = 50;

/** startFleet could not connect a single device; `reason` says why. */
export class FleetStartError extends Error {
  constructor(
    readonly reason: 'unreachable' | 'refused',
    message: string,
  ) {
    super(message);
    this.name = 'FleetStartError';
  }
}

function checkOptions(o: FleetOptions, registry: ReadonlyMap<string, CompiledDeviceType>): void {
  const positive = (name: string, v: number | undefined): void => {
    if (v !== undefined && !(v > 0 && Number.isFinite(v)))
      throw new Error(`${name} must be a positive number`);
  };
  positive('intervalS', o.intervalS);
  positive('timeScale', o.timeScale);
  positive('rate', o.rate);
  if (o.incidentHoldS !== undefined && !(o.incidentHoldS >= 0 && Number.isFinite(o.incidentHoldS)))
    throw new Error('incidentHoldS must be a number ≥ 0');
  if (o.devices.length === 0) throw new Error('The fleet has no devices');
  const ids = new Set<string>();
  for (const d of o.devices) {
    if (ids.has(d.id)) throw new Error(`Device ${d.id} is listed twice`);
    ids.add(d.id);
    if (!registry.has(d.type)) throw new Error(`Device ${d.id} has unknown type "${d.type}"`);
  }
}

/** Connects every device (a few at a time); returns the errors of those that failed. */
async function connectAll(devices: readonly SimDevice[]): Promise<unknown[]> {
  const errors: unknown[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let d = devices[next++]; d; d = devices[next++])
      await d.start().catch((e: unknown) => errors.push(e));
  };
  await Promise.all(Array.from({ length: Math.min(CONNECT_CONCURRENCY, devices.length) }, worker));
  return errors;
}

function startError(mqttUrl: string, errors: readonly unknown[]): FleetStartError {
  const network = errors.find((e) => !isRefusal(e));
  if (network === undefined)
    return new FleetStartError(
      'refused',
      `The broker at ${mqttUrl} refused every device (unknown device or wrong secret): register the devices ` +
        'and use the credentials their registration returned',
    );
  const code = (network as { code?: unknown }).code;
  const why = typeof code === 'string' ? code : network instanceof Error ? network.message : 'no answer';
  return new FleetStartError('unreachable', `Cannot reach the MQTT broker at ${mqttUrl} (${why})`);
}

export async function startFleet(opts: FleetOptions): Promise<Fleet> {
  const registry = compileRegistry(opts.rules);
  checkOptions(opts, registry);
  const timeScale = opts.timeScale ?? 1;
  const intervalS = opts.intervalS ?? 60;
  const plan = planScenario(opts.scenario, opts.seed, opts.devices, {
    registry,
    timing: { timeScale, intervalS, incidentHoldS: opts.incidentHoldS ?? 0 },
    ...(opts.untilS !== undefined && { untilS: opts.untilS }),
  });
  const startMs = opts.scenario.startAt ? Date.parse(opts.scenario.startAt) : Date.now();
  const stats = new FleetStats();
  const ctx: DeviceContext = {
    mqttUrl: opts.mqttUrl,
    clock: new SimClock(startMs, timeScale),
    bucket: opts.rate ? new TokenBucket(opts.rate) : undefined,
    intervalS,
    stats,
  };
  const devices = new Map<string, SimDevice>();
  for (const d of opts.devices) {
    const model = new DeviceModel(
      d,
      registry.get(d.type) as CompiledDeviceType,
      opts.scenario.weather,
      opts.seed,
    );
    devices.set(d.id, new SimDevice(model, ctx, opts.seed));
  }
  const all = [...devices.values()];
  const errors = await connectAll(all);
  if (stats.everConnected.size === 0) {
    ctx.bucket?.close();
    await Promise.all(all.map((d) => d.stop()));
    throw startError(opts.mqttUrl, errors);
  }
  // The scenario starts now that the fleet is up.
  ctx.clock = new SimClock(opts.scenario.startAt ? startMs : Date.now(), timeScale);
  return runFleet(opts, plan, ctx, devices, registry);
}

function runFleet(
  opts: FleetOptions,
  { actions: plan, skipped }: Plan,
  ctx: DeviceContext,
  devices: ReadonlyMap<string, SimDevice>,
  registry: ReadonlyMap<string, CompiledDeviceType>,
): Fleet {
  const { stats } = ctx;
  const types = new Map(opts.devices.map((d) => [d.id, d.type]));
  const held = new Set<string>();
  const played: FaultAction[] = [];
  const chains = new Map<string, Promise<void>>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;

  const progress = (): Progress => ({
    ...stats.summary(),
    simS: ctx.clock.elapsedS(),
    simTime: new Date(ctx.clock.nowMs()).toISOString(),
    online: stats.online.size,
    devices: devices.size,
    applied: stats.applied,
    planned: plan.length,
  });
  const report = (): void => opts.onProgress?.(progress());
  const ticker = opts.onProgress ? setInterval(report, opts.progressMs ?? 1000) : undefined;

  const applyOne = async (a: FaultAction): Promise<void> => {
    const dev = devices.get(a.deviceId);
    const key = `${a.deviceId}:${a.rule}`;
    let ok = false;
    if (dev && a.rule === OFFLINE_RULE) {
      const mode = a.offline ?? 'drop';
      ok = a.action === 'inject' ? await dev.goOffline(mode) : await dev.comeBack(mode);
    } else if (dev && a.action === 'inject') {
      const rule = registry.get(types.get(a.deviceId) ?? '')?.rules.find((r) => r.id === a.rule);
      ok = rule !== undefined && (await dev.inject({ rule, overlay: a.reading ?? {} }));
    } else if (dev) ok = await dev.restore();
    stats.applied++;
    if (!ok || stopped) return;
    played.push(a);
    if (a.action === 'inject') {
      held.add(key);
      for (const rule of [a.rule, ...(a.also ?? [])]) stats.inject(rule);
    } else if (held.delete(key)) stats.restored += 1 + (a.also?.length ?? 0);
  };
  // Actions of one device run in order; different devices run concurrently.
  const apply = (a: FaultAction): Promise<void> => {
    const chain = (chains.get(a.deviceId) ?? Promise.resolve()).then(() => applyOne(a));
    chains.set(a.deviceId, chain);
    return chain;
  };
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, ms);
    });

  const run = async (): Promise<void> => {
    const pending: Promise<void>[] = [];
    for (const a of plan) {
      const wait = ctx.clock.realDelayMs(a.atS);
      if (wait > 0) await sleep(wait);
      if (stopped) break;
      pending.push(apply(a));
    }
    await Promise.all(pending);
  };
  const done = run().then(() => {
    report();
    return stats.summary();
  });

  return {
    plan,
    played: () => [...played],
    skipped,
    done,
    failures: stats.failed,
    summary: () => stats.summary(),
    async stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      wake?.();
      if (ticker) clearInterval(ticker);
      ctx.bucket?.close();
      await Promise.all([...devices.values()].map((d) => d.stop()));
      await done;
    },
  };
}
