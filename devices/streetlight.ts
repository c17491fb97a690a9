// Streetlight (路灯): actual vs commanded lamp state, electrical readings and ambient light.
// Contract: device-protocol.md "Device types and metrics" and "Default fault rules"; the rules that
// follow the sun at the lamp's position (dark_at_night, day_burning): docs/devices.md.
import { choice, command } from './lib/commands';
import { enumeration, numeric } from './lib/metrics';
import { all, any, day, eq, gt, lt, night, rule, unplaced } from './lib/rules';
import type { DeviceTypeDef, Label } from './lib/types';

const onOff: Record<'on' | 'off', Label> = { on: { zh: '开', en: 'On' }, off: { zh: '关', en: 'Off' } };

/** Below this current a lamp that claims to be on is not drawing power. */
const NO_CURRENT_A = 0.05;
/** Above this ambient light it is daytime (the rule of a lamp with no position). */
const DAYLIGHT_LUX = 200;
/** Below this ambient light it is dark around a lamp with no position (dusk is ~10 lx at civil dusk). */
const DARK_LUX = 10;

/** The lamp gives no light: reported off, or drawing no current. */
const dark = any(eq('lamp', 'off'), lt('i', NO_CURRENT_A));

export const definition: DeviceTypeDef = {
  type: 'streetlight',
  label: { zh: '路灯', en: 'Streetlight' },
  category: 'lighting',
  metrics: [
    enumeration('lamp', ['on', 'off'], { label: { zh: '灯状态', en: 'Lamp' }, valueLabels: onOff }),
    enumeration('commanded', ['on', 'off'], {
      label: { zh: '指令状态', en: 'Commanded' },
      valueLabels: onOff,
    }),
    numeric('u', { label: { zh: '电压', en: 'Voltage' }, unit: 'V', min: 0, max: 500 }),
    numeric('i', { label: { zh: '电流', en: 'Current' }, unit: 'A', min: 0, max: 100 }),
    numeric('p', { label: { zh: '功率', en: 'Power' }, unit: 'W', min: 0, max: 10000 }),
    numeric('lux', { label: { zh: '环境照度', en: 'Ambient light' }, unit: 'lx', min: 0, max: 200000 }),
  ],
  rules: [
    rule('lamp_failure', all(eq('commanded', 'on'), dark), {
      severity: 'minor',
      for: '5m',
      label: { zh: '灯具故障', en: 'Lamp failure' },
    }),
    // Judged by the sun at the lamp's position (well up: above +6°); a lamp with no position keeps
    // the protocol's `lux > 200`.
    rule('day_burning', all(eq('lamp', 'on'), any(day(), all(unplaced(), gt('lux', DAYLIGHT_LUX)))), {
      severity: 'warning',
      for: '30m',
      label: { zh: '白天亮灯', en: 'Day burning' },
    }),
    // Dark while it should burn (after civil dusk, the sun below -6°), whatever the
    // controller commanded. A warning: no ticket per lamp — the dusk sweep gathers the dark lamps into
    // one night-patrol ticket. A lamp with no position: its own sensor says it is dark around
    // (lux < 10) and its controller has it off (commanded on and dark is lamp_failure's).
    rule(
      'dark_at_night',
      all(dark, any(night(), all(unplaced(), eq('commanded', 'off'), lt('lux', DARK_LUX)))),
      {
        severity: 'warning',
        for: '10m',
        label: { zh: '夜间不亮', en: 'Dark at night' },
      },
    ),
  ],
  offline: { severity: 'minor' },
  commands: [
    // Switches the lamp regardless of the schedule; the device reports the result as `commanded`.
    command('set_lamp', {
      label: { zh: '开关灯', en: 'Switch lamp' },
      args: [choice('state', ['on', 'off'], { label: { zh: '灯', en: 'Lamp' }, valueLabels: onOff })],
    }),
    command('report_now', { label: { zh: '立即上报', en: 'Report now' } }),
  ],
  power: { dark: ['offline', 'lamp_failure', 'dark_at_night'] },
  demo: { prefix: 'lamp', perCompound: [6, 10], power: 'fed' },
  // `offline` has no fault reading: it is driven by the status topic / silence, not by metrics.
  simulator: {
    normal: { lamp: 'on', commanded: 'on', u: 224, i: 0.45, p: 98, lux: 3 },
    faults: {
      lamp_failure: { lamp: 'off', i: 0, p: 0 },
      // A stuck relay: the controller says off, the lamp burns in daylight.
      day_burning: { commanded: 'off', lux: 18000 },
      // The controller's schedule switched it off (or never on) after dusk: dark, and dark around it.
      dark_at_night: { commanded: 'off', lamp: 'off', i: 0, p: 0, lux: 2 },
    },
  },
};
