// Distribution box (配电箱): three-phase supply, leakage, temperature, breaker and door.
// Contract: device-protocol.md "Device types and metrics" and "Default fault rules".
import { command } from './lib/commands';
import { enumeration, numeric, phases } from './lib/metrics';
import { above, all, any, eq, gt, gte, lt, outside, rule } from './lib/rules';
import type { DeviceTypeDef, Threshold } from './lib/types';

const voltages = phases('u', (key, phase) =>
  numeric(key, {
    label: { zh: `${phase}相电压`, en: `Phase ${phase} voltage` },
    unit: 'V',
    min: 0,
    max: 500,
  }),
);
const currents = phases('i', (key, phase) =>
  numeric(key, {
    label: { zh: `${phase}相电流`, en: `Phase ${phase} current` },
    unit: 'A',
    min: 0,
    max: 1000,
  }),
);

/** A phase current above the box's registered breaker rating (attribute `rating_a`, default 63 A). */
const RATING: Threshold = { attr: 'rating_a', default: 63 };
/** Below this a phase counts as lost, not as abnormal. */
const PHASE_LOSS_V = 50;

export const definition: DeviceTypeDef = {
  type: 'distribution_box',
  label: { zh: '配电箱', en: 'Distribution box' },
  category: 'electrical',
  metrics: [
    ...voltages,
    ...currents,
    numeric('leakage_ma', { label: { zh: '漏电流', en: 'Leakage current' }, unit: 'mA', min: 0, max: 10000 }),
    numeric('temp_c', { label: { zh: '箱内温度', en: 'Temperature' }, unit: '°C', min: -50, max: 200 }),
    enumeration('breaker', ['closed', 'open', 'tripped'], {
      label: { zh: '断路器', en: 'Breaker' },
      valueLabels: {
        closed: { zh: '合闸', en: 'Closed' },
        open: { zh: '分闸', en: 'Open' },
        tripped: { zh: '跳闸', en: 'Tripped' },
      },
    }),
    enumeration('door', ['closed', 'open'], {
      label: { zh: '箱门', en: 'Door' },
      valueLabels: { closed: { zh: '关闭', en: 'Closed' }, open: { zh: '打开', en: 'Open' } },
    }),
  ],
  attributes: {
    rating_a: { label: { zh: '额定电流', en: 'Rated current' }, default: 63, min: 1, max: 2000, unit: 'A' },
  },
  rules: [
    rule('leakage', gte('leakage_ma', 30), { severity: 'critical', label: { zh: '漏电', en: 'Leakage' } }),
    // Only reported phases count: a comparison with a missing metric is false.
    rule('phase_loss', any(...voltages.map((m) => lt(m.key, PHASE_LOSS_V))), {
      severity: 'critical',
      label: { zh: '缺相', en: 'Phase loss' },
    }),
    above('temp_c', 85, 'overheat', { severity: 'critical', label: { zh: '严重过热', en: 'Overheat' } }),
    above('temp_c', 70, 'over_temperature', {
      severity: 'major',
      for: '60s',
      label: { zh: '温度过高', en: 'Over temperature' },
    }),
    rule('breaker_tripped', eq('breaker', 'tripped'), {
      severity: 'major',
      label: { zh: '断路器跳闸', en: 'Breaker tripped' },
    }),
    rule('overcurrent', any(...currents.map((m) => gt(m.key, RATING))), {
      severity: 'major',
      for: '30s',
      label: { zh: '过流', en: 'Overcurrent' },
    }),
    rule(
      'voltage_abnormal',
      any(...voltages.map((m) => all(outside(m.key, 198, 242), gte(m.key, PHASE_LOSS_V)))),
      { severity: 'minor', for: '60s', label: { zh: '电压异常', en: 'Abnormal voltage' } },
    ),
    rule('door_open', eq('door', 'open'), {
      severity: 'minor',
      for: '10m',
      label: { zh: '箱门未关', en: 'Door open' },
    }),
  ],
  offline: { severity: 'major' },
  commands: [
    // Re-closes a tripped or opened breaker: power comes back on for the whole building.
    command('reset_breaker', { label: { zh: '复位断路器', en: 'Reset breaker' }, disruptive: true }),
    command('report_now', { label: { zh: '立即上报', en: 'Report now' } }),
  ],
  power: { cuts: ['breaker_tripped', 'phase_loss', 'offline'] },
  demo: { prefix: 'box', perCompound: [2, 3], power: 'feeds', ratingsA: [63, 100] },
  // `offline` has no fault reading: it is driven by the status topic / silence, not by metrics.
  simulator: {
    normal: {
      ua: 228,
      ub: 231,
      uc: 226,
      ia: 21.5,
      ib: 18.2,
      ic: 24.9,
      leakage_ma: 4,
      temp_c: 36,
      breaker: 'closed',
      door: 'closed',
    },
    faults: {
      leakage: { leakage_ma: 45 },
      phase_loss: { uc: 0, ic: 0 },
      overheat: { temp_c: 92 },
      over_temperature: { temp_c: 76 },
      breaker_tripped: { breaker: 'tripped', ia: 0, ib: 0, ic: 0 },
      overcurrent: { ia: 88 },
      voltage_abnormal: { ub: 185 },
      door_open: { door: 'open' },
    },
  },
};
