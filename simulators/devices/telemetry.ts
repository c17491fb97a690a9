// Telemetry models per device type: pure functions of (the device's traits, the environment, a
// seeded PRNG). Normal readings stay inside the wire schema and raise no rule; a fault reading is
// the normal reading with the fault's metrics laid over it.
import { conditionMetrics } from '../../devices/lib/rules';
import type { RuleDef } from '../../devices/lib/types';
import { holds } from '../../devices/lib/evaluate';
import type { Environment } from './environment';
import type { Reading } from './types';

/** Per-device constants drawn once from the seed: no two boxes or lamps look alike. */
export interface Traits {
  /** Supply voltage at no load, V. */
  nominalV: number;
  /** Box: phase current at the evening peak, A (well below the breaker rating). */
  peakA: number;
  /** Box: share of the load on each phase. */
  phase: readonly [number, number, number];
  /** Box: leakage current in dry weather, mA. */
  leakMa: number;
  /** Streetlight: lamp current when on, A. */
  lampA: number;
  /** Streetlight: light sensor gain. */
  sensor: number;
  /** Box and camera: self-heating above the air, °C. */
  heatC: number;
}

/** Below this ambient light the photocell switches a streetlight on. */
export const SWITCH_ON_LUX = 30;
/** Default breaker rating of a distribution box (the `rating_a` attribute's default). */
const DEFAULT_RATING_A = 63;

/** FNV-1a over "seed:id": a per-device seed, stable across runs. */
export function deviceSeed(seed: number, id: string): number {
  let h = 0x811c9dc5;
  for (const ch of `${seed}:${id}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return h >>> 0;
}

const between = (rand: () => number, lo: number, hi: number): number => lo + rand() * (hi - lo);
const noise = (rand: () => number, amp: number): number => (rand() * 2 - 1) * amp;
const round1 = (v: number): number => Math.round(v * 10) / 10;
const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

export function deviceTraits(rand: () => number, ratingA = DEFAULT_RATING_A): Traits {
  return {
    nominalV: between(rand, 226, 231),
    peakA: ratingA * between(rand, 0.45, 0.65),
    phase: [between(rand, 0.85, 1.15), between(rand, 0.85, 1.15), between(rand, 0.85, 1.15)],
    leakMa: between(rand, 1.5, 6),
    lampA: between(rand, 0.4, 0.48),
    sensor: between(rand, 0.85, 1.15),
    heatC: between(rand, 5, 9),
  };
}

/** Share of the evening peak a residential compound draws at this hour: night trough, morning and evening peaks. */
export function loadFactor(hour: number): number {
  const bump = (mu: number, sigma: number): number => {
    const d = Math.min(Math.abs(hour - mu), 24 - Math.abs(hour - mu));
    return Math.exp(-(d * d) / (2 * sigma * sigma));
  };
  return 0.3 + 0.3 * bump(7.5, 1.2) + 0.2 * bump(12.5, 1.5) + 0.65 * bump(20, 2.2);
}

/** Phase voltage under load: voltage drop along the feeder, small noise, within 220–235 V. */
function phaseVoltage(t: Traits, amps: number, rand: () => number): number {
  return round1(clamp(t.nominalV - 0.06 * amps + noise(rand, 1.5), 220, 235));
}

export function boxReading(t: Traits, env: Environment, rand: () => number): Reading {
  const load = loadFactor(env.hour);
  const [fa, fb, fc] = t.phase;
  const amps = [fa, fb, fc].map((f) => round1(t.peakA * load * f * (1 + noise(rand, 0.03))));
  const [ia = 0, ib = 0, ic = 0] = amps;
  const avg = (ia + ib + ic) / 3;
  const leak = t.leakMa * (env.weather.rain ? 1.8 : 1) + noise(rand, 0.5);
  return {
    ua: phaseVoltage(t, ia, rand),
    ub: phaseVoltage(t, ib, rand),
    uc: phaseVoltage(t, ic, rand),
    ia,
    ib,
    ic,
    leakage_ma: round1(Math.max(0, leak)),
    temp_c: round1(env.airC + t.heatC + 0.2 * avg + noise(rand, 0.5)),
    breaker: 'closed',
    door: 'closed',
  };
}

/** Photocell control: on in the dark, off by day, so a lamp is never on in daylight. */
export function streetlightReading(t: Traits, env: Environment, rand: () => number): Reading {
  const lux = round1(Math.max(0, env.lux * t.sensor * (1 + noise(rand, 0.05))));
  const on = lux < SWITCH_ON_LUX;
  const u = round1(clamp(t.nominalV + noise(rand, 1.5), 220, 235));
  const i = on ? Math.round(t.lampA * (1 + noise(rand, 0.02)) * 1000) / 1000 : 0;
  const state = on ? 'on' : 'off';
  return { lamp: state, commanded: state, u, i, p: round1(u * i), lux };
}

export function cameraReading(t: Traits, env: Environment, rand: () => number): Reading {
  return {
    video: 'ok',
    recording: true,
    storage: 'ok',
    tamper: false,
    temp_c: round1(env.airC + t.heatC + noise(rand, 0.5)),
  };
}

/**
 * A normal reading of a device of this type. Types without a model of their own (added later as
 * data) publish their `simulator.normal` profile as it is.
 */
export function normalReading(
  type: string,
  profile: Reading,
  t: Traits,
  env: Environment,
  rand: () => number,
): Reading {
  switch (type) {
    case 'distribution_box':
      return boxReading(t, env, rand);
    case 'streetlight':
      return streetlightReading(t, env, rand);
    case 'camera':
      return cameraReading(t, env, rand);
    default:
      return { ...profile };
  }
}

/**
 * The reading published while a fault is held: the overlay on the current normal reading. When the
 * overlay alone does not make the rule hold (a lamp_failure by day, when the photocell has the lamp
 * off anyway), the metrics the rule reads start from the type's normal profile instead — so an
 * injected fault always raises its rule.
 */
export function faultReading(
  rule: RuleDef,
  normal: Reading,
  overlay: Reading,
  profile: Reading,
  attrs: Record<string, number> = {},
): Reading {
  const direct = { ...normal, ...overlay };
  if (holds(rule.when, { state: direct, attrs })) return direct;
  const base: Reading = { ...normal };
  for (const m of conditionMetrics(rule.when)) {
    const v = profile[m];
    if (v !== undefined) base[m] = v;
  }
  return { ...base, ...overlay };
}
