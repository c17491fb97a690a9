// Smoke detector (烟雾报警器): a battery-powered detector on a stairwell ceiling (NB-IoT or LoRa),
// with a smoke chamber, a carbon-monoxide cell, a test button and its battery. In old compounds a
// fire starts in a stairwell full of parked e-bikes and stored things: smoke is the P1 alarm.
// An addition to the device contract: docs/devices.md "smoke_detector".
import { command } from './lib/commands';
import { boolean, numeric } from './lib/metrics';
import { above, eq, gte, lt, rule } from './lib/rules';
import type { DeviceTypeDef } from './lib/types';

/** CO at which the detector sounds at once (EN 50291: within 3 minutes at 300 ppm). */
const CO_DANGER_PPM = 300;
/** CO that is too much when it lasts (EN 50291: within 10–40 minutes at 100 ppm). */
const CO_HIGH_PPM = 100;
/** Below this the battery lasts weeks, not months: replace it on the next visit. */
const LOW_BATTERY_PCT = 20;

export const definition: DeviceTypeDef = {
  type: 'smoke_detector',
  label: { zh: '烟雾报警器', en: 'Smoke detector' },
  category: 'fire',
  metrics: [
    boolean('smoke', { label: { zh: '烟雾', en: 'Smoke' } }),
    numeric('co_ppm', { label: { zh: '一氧化碳', en: 'Carbon monoxide' }, unit: 'ppm', min: 0, max: 1000 }),
    // True while the test button is held: the detector sounds and reports it, not `smoke`.
    boolean('test', { label: { zh: '自检按钮', en: 'Test button' } }),
    numeric('battery_pct', { label: { zh: '电池电量', en: 'Battery' }, unit: '%', min: 0, max: 100 }),
  ],
  rules: [
    rule('smoke', eq('smoke', true), { severity: 'critical', label: { zh: '烟雾报警', en: 'Smoke alarm' } }),
    rule('co_danger', gte('co_ppm', CO_DANGER_PPM), {
      severity: 'critical',
      label: { zh: '一氧化碳浓度危险', en: 'Dangerous CO level' },
    }),
    above('co_ppm', CO_HIGH_PPM, 'co_high', {
      severity: 'major',
      for: '10m',
      label: { zh: '一氧化碳超标', en: 'CO above limit' },
    }),
    rule('low_battery', lt('battery_pct', LOW_BATTERY_PCT), {
      severity: 'minor',
      for: '1h',
      label: { zh: '电池电量低', en: 'Low battery' },
    }),
    // A resident or an inspector pressed the button: shown in the alarm feed, opens no ticket.
    rule('self_test', eq('test', true), { severity: 'warning', label: { zh: '按键自检', en: 'Self-test' } }),
  ],
  // A silent detector protects nobody: as serious as a dead box.
  offline: { severity: 'major' },
  commands: [
    // Stops the sounder for a few minutes (a false alarm from cooking); the alarm stays until clear.
    command('silence', { label: { zh: '远程消音', en: 'Silence' } }),
    command('report_now', { label: { zh: '立即上报', en: 'Report now' } }),
  ],
  demo: { prefix: 'smoke', perCompound: [2, 4], places: [{ zh: '楼道', en: 'stairwell' }], power: 'own' },
  // `offline` has no fault reading: it is driven by the status topic / silence, not by metrics.
  simulator: {
    normal: { smoke: false, co_ppm: 0, test: false, battery_pct: 86 },
    faults: {
      smoke: { smoke: true },
      co_danger: { co_ppm: 420 },
      co_high: { co_ppm: 150 },
      low_battery: { battery_pct: 12 },
      self_test: { test: true },
    },
  },
};
