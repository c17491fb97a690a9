// Micro-benchmark of the streetlight rules that follow the sun: the rule engine's cost per reading
// for 1,000 lamps (~10 km of town) reporting in turn, with positions (the sun judged, memoised per
// ~1 km cell and minute) and without (the lux fallbacks), and what one uncached suncalc call costs. Not part of the test
// suite nor of `npm run bench`: run it by hand, `npx tsx scripts/sun-rules-cost.ts`.
import { getDeviceType } from '../devices/index';
import { sunAltitudeDeg } from '../devices/lib/sun';
import type { MetricValue } from '../devices/lib/types';
import { evaluateRules, type RuleStates } from '../server/src/pipeline/rules';

const type = getDeviceType('streetlight');
if (!type) throw new Error('no streetlight type');
const rules = type.rules;
const LAMPS = 1_000;
const READINGS = 2_000_000;
// 20:00 in Qufu: the lamps burn, no rule holds; day_burning asks the sun at every reading.
const t0 = Date.UTC(2026, 11, 21, 12, 0);

const places = Array.from({ length: LAMPS }, (_, i) => ({
  lat: 35.6 + (i % 100) * 1e-3,
  lng: 117.0 + Math.floor(i / 100) * 1e-2,
}));
const burning: Record<string, MetricValue> = { lamp: 'on', commanded: 'on', u: 224, i: 0.45, p: 98, lux: 3 };

function run(withPlace: boolean): number {
  const states: RuleStates[] = Array.from({ length: LAMPS }, () => ({}));
  const start = process.hrtime.bigint();
  for (let n = 0; n < READINGS; n++) {
    const k = n % LAMPS;
    const ts = t0 + n * 10; // each lamp every 10 s: 2 M readings over 5.5 simulated hours of night
    const input = { state: burning, attrs: {}, offline: false, ts, ...(withPlace && { place: places[k] }) };
    states[k] = evaluateRules(rules, input, states[k] ?? {}, ts, true).states;
  }
  return Number(process.hrtime.bigint() - start) / READINGS;
}

function rawSun(): number {
  const n = 500_000;
  let sink = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) sink += sunAltitudeDeg(35.6, 117.0, t0 + i * 1000);
  if (Number.isNaN(sink)) throw new Error('unreachable');
  return Number(process.hrtime.bigint() - start) / n;
}

run(true); // warm-up
run(false);
const placed = run(true);
const unplaced = run(false);
const sun = rawSun();
console.log(
  JSON.stringify(
    {
      nsPerReadingWithPosition: Math.round(placed),
      nsPerReadingWithoutPosition: Math.round(unplaced),
      nsPerUncachedSuncalcCall: Math.round(sun),
    },
    null,
    2,
  ),
);
