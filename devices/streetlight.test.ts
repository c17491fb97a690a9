// Unit spec of the streetlight rules that follow the sun (docs/devices.md): dark_at_night and
// day_burning at known times in Qufu (35.6 N, 117.0 E; local time UTC+8), the protocol's lux rule for
// a lamp with no position, and the sun condition itself (civil dusk, memoised per minute).
import { describe, expect, it } from 'vitest';
import { holds, type RuleInput } from './lib/evaluate';
import { night, sun } from './lib/rules';
import { sunAltitudeAt, sunAltitudeDeg } from './lib/sun';
import { definition } from './streetlight';

const QUFU = { lat: 35.6, lng: 117.0 };
/** Qufu local time (UTC+8) as epoch ms. */
const local = (iso: string) => Date.parse(`${iso}+08:00`);

const BURNING = { lamp: 'on', commanded: 'on', u: 224, i: 0.45, p: 98, lux: 3 };
const DARK = { lamp: 'off', commanded: 'off', u: 224, i: 0, p: 0, lux: 2 };
const DEAD = { lamp: 'on', commanded: 'on', u: 224, i: 0.01, p: 2, lux: 2 };

function ruleHolds(id: string, state: RuleInput['state'], ts: number | undefined, place = QUFU): boolean {
  const r = definition.rules.find((x) => x.id === id);
  if (!r) throw new Error(`no rule ${id}`);
  return holds(r.when, { state, attrs: {}, place, ...(ts !== undefined && { ts }) });
}

describe('streetlight rules by the sun', () => {
  it('dark_at_night: a lamp dark at 20:30 on 2026-12-21 in Qufu, not at 12:00', () => {
    expect(ruleHolds('dark_at_night', DARK, local('2026-12-21T20:30'))).toBe(true);
    expect(ruleHolds('dark_at_night', DEAD, local('2026-12-21T20:30')), 'no current').toBe(true);
    expect(ruleHolds('dark_at_night', DARK, local('2026-12-21T12:00'))).toBe(false);
    expect(ruleHolds('dark_at_night', BURNING, local('2026-12-21T20:30'))).toBe(false);
  });

  it('dark_at_night waits for civil dusk: 20:30 in June is not yet night, 21:00 is', () => {
    // 2026-06-21 Qufu: sunset 19:32, civil dusk (the sun at −6°) 20:02.
    expect(ruleHolds('dark_at_night', DARK, local('2026-06-21T19:45'))).toBe(false);
    expect(ruleHolds('dark_at_night', DARK, local('2026-06-21T21:00'))).toBe(true);
  });

  it('day_burning: burning at 12:00 in June and December is day burning, at 20:30 it is not', () => {
    expect(ruleHolds('day_burning', BURNING, local('2026-06-21T12:00'))).toBe(true);
    expect(ruleHolds('day_burning', BURNING, local('2026-12-21T12:00'))).toBe(true);
    expect(ruleHolds('day_burning', BURNING, local('2026-12-21T20:30'))).toBe(false);
    expect(ruleHolds('day_burning', DARK, local('2026-06-21T12:00'))).toBe(false);
  });

  it('day_burning by the sun ignores the lux sensor: a dirty sensor at noon still day-burns, bright floodlight at night does not', () => {
    expect(ruleHolds('day_burning', { ...BURNING, lux: 5 }, local('2026-06-21T12:00'))).toBe(true);
    expect(ruleHolds('day_burning', { ...BURNING, lux: 5000 }, local('2026-12-21T22:00'))).toBe(false);
  });

  it('day_burning waits until the sun is well up (above +6°): not at sunrise', () => {
    // 2026-12-21 Qufu: sunrise 07:18; the sun passes +6° around 08:00.
    expect(ruleHolds('day_burning', BURNING, local('2026-12-21T07:20'))).toBe(false);
    expect(ruleHolds('day_burning', BURNING, local('2026-12-21T09:00'))).toBe(true);
  });

  it('without a position: the protocol rule lamp == on and lux > 200, and dark_at_night by the lamp’s sensor', () => {
    const nowhere = {};
    const noon = local('2026-06-21T12:00');
    expect(ruleHolds('day_burning', { ...BURNING, lux: 18000 }, noon, nowhere as typeof QUFU)).toBe(true);
    expect(ruleHolds('day_burning', BURNING, noon, nowhere as typeof QUFU)).toBe(false);
    expect(ruleHolds('day_burning', { ...BURNING, lux: 18000 }, undefined)).toBe(true);
    expect(ruleHolds('dark_at_night', DARK, noon, nowhere as typeof QUFU)).toBe(true);
    expect(ruleHolds('dark_at_night', { ...DARK, lux: 30000 }, noon, nowhere as typeof QUFU)).toBe(false);
    // Commanded on and dark is lamp_failure's, not the fallback's.
    expect(ruleHolds('dark_at_night', DEAD, noon, nowhere as typeof QUFU)).toBe(false);
  });
});

describe('the sun condition', () => {
  it('is false without a position or a time, and compares the altitude', () => {
    const at = local('2026-12-21T20:30');
    expect(holds(night(), { state: {}, attrs: {}, ts: at })).toBe(false);
    expect(holds(night(), { state: {}, attrs: {}, place: QUFU })).toBe(false);
    expect(holds(night(), { state: {}, attrs: {}, place: { lat: 35.6 }, ts: at })).toBe(false);
    expect(holds(sun('below', -40), { state: {}, attrs: {}, place: QUFU, ts: at })).toBe(true);
    expect(holds(sun('above', -40), { state: {}, attrs: {}, place: QUFU, ts: at })).toBe(false);
  });

  it('is the altitude at the middle of the minute and of the 0.01° cell, and follows a moved place', () => {
    const place = { lat: 35.6012, lng: 117.0034 };
    const t = local('2026-12-21T17:00');
    const a = sunAltitudeAt(place, t);
    expect(a).toBeCloseTo(sunAltitudeDeg(35.6, 117.0, t + 30_000), 9);
    expect(sunAltitudeAt(place, t + 59_999)).toBe(a);
    expect(sunAltitudeAt({ lat: 35.5996, lng: 116.9961 }, t)).toBe(a);
    // Within a cell the true altitude differs by far less than the rules' margins.
    expect(Math.abs((a ?? 0) - sunAltitudeDeg(35.6012, 117.0034, t))).toBeLessThan(0.2);
    place.lng = 90;
    expect(sunAltitudeAt(place, t)).toBeCloseTo(sunAltitudeDeg(35.6, 90, t + 30_000), 9);
    expect(sunAltitudeAt({}, t)).toBeUndefined();
  });
});
