// One device's telemetry source: its traits and PRNG, the simulated environment, and the fault it
// holds right now (if any).
import type { CompiledDeviceType } from '../../devices/index';
import type { RuleDef } from '../../devices/lib/types';
import { seededRandom } from '../lib/random';
import { environmentAt, type Weather } from './environment';
import { deviceSeed, deviceTraits, faultReading, normalReading, type Traits } from './telemetry';
import type { FleetDevice, Reading } from './types';

export interface HeldFault {
  rule: RuleDef;
  overlay: Reading;
}

export class DeviceModel {
  private readonly rand: () => number;
  private readonly traits: Traits;
  private readonly attrs: Record<string, number>;

  constructor(
    readonly device: FleetDevice,
    readonly compiled: CompiledDeviceType,
    private readonly weather: Weather,
    seed: number,
  ) {
    this.rand = seededRandom(deviceSeed(seed, device.id));
    this.traits = deviceTraits(this.rand, device.rating_a);
    this.attrs = device.rating_a === undefined ? {} : { rating_a: device.rating_a };
  }

  /** The reading at simulated epoch ms: normal, or with the held fault laid over it. */
  reading(simMs: number, fault: HeldFault | undefined): Reading {
    const profile = this.compiled.def.simulator.normal;
    const env = environmentAt(simMs, this.weather);
    const normal = normalReading(this.compiled.def.type, profile, this.traits, env, this.rand);
    return fault ? faultReading(fault.rule, normal, fault.overlay, profile, this.attrs) : normal;
  }
}
