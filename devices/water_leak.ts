// Water leak sensor (水浸传感器): a battery-powered sensor on the floor of a pump room or a basement,
// with a two-pin probe that is wet at the first film of water and a level gauge above the floor.
// A flooded pump room stops the building's water and puts its pumps and control cabinet under
// water; a flooded basement reaches the distribution equipment kept there.
// An addition to the device contract: docs/devices.md "water_leak".
import { command } from './lib/commands';
import { boolean, numeric } from './lib/metrics';
import { eq, gte, lt, rule } from './lib/rules';
import type { DeviceTypeDef } from './lib/types';

/** Water this deep reaches pump motors and the bottom of floor-standing cabinets. */
const FLOOD_CM = 20;
/** Below this the battery lasts weeks, not months: replace it on the next visit. */
const LOW_BATTERY_PCT = 20;

export const definition: DeviceTypeDef = {
  type: 'water_leak',
  label: { zh: '水浸传感器', en: 'Water leak sensor' },
  category: 'water',
  metrics: [
    boolean('leak', { label: { zh: '水浸', en: 'Water on the floor' } }),
    numeric('water_level_cm', {
      label: { zh: '积水深度', en: 'Water level' },
      unit: 'cm',
      min: 0,
      max: 300,
    }),
    numeric('battery_pct', { label: { zh: '电池电量', en: 'Battery' }, unit: '%', min: 0, max: 100 }),
  ],
  rules: [
    // Held for two minutes: mopping the floor wets the probe for a moment, a leak keeps it wet.
    rule('leak', eq('leak', true), {
      severity: 'major',
      for: '2m',
      label: { zh: '漏水积水', en: 'Water leak' },
    }),
    rule('flooding', gte('water_level_cm', FLOOD_CM), {
      severity: 'critical',
      for: '30s',
      label: { zh: '水淹', en: 'Flooding' },
    }),
    rule('low_battery', lt('battery_pct', LOW_BATTERY_PCT), {
      severity: 'minor',
      for: '1h',
      label: { zh: '电池电量低', en: 'Low battery' },
    }),
  ],
  offline: { severity: 'minor' },
  commands: [command('report_now', { label: { zh: '立即上报', en: 'Report now' } })],
  demo: {
    prefix: 'water',
    perCompound: [2, 2],
    places: [
      { zh: '泵房', en: 'pump room' },
      { zh: '地下室', en: 'basement' },
    ],
    power: 'own',
  },
  // `offline` has no fault reading: it is driven by the status topic / silence, not by metrics.
  simulator: {
    normal: { leak: false, water_level_cm: 0, battery_pct: 91 },
    faults: {
      leak: { leak: true, water_level_cm: 1 },
      // Raised after 30 s, before `leak` (2 min) would be.
      flooding: { leak: true, water_level_cm: 35 },
      low_battery: { battery_pct: 11 },
    },
  },
};
