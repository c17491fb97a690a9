// E-bike charging pile (电动车充电桩): the shared pile in a compound's bike shed where residents
// charge their e-bikes instead of in the stairwell. Per port it meters power and current; the pile
// reports its temperature and whether its over-temperature protection has cut it off. Behind many
// fires in old compounds: a battery that keeps taking current long after it should be full, a
// modified charger or a tricycle battery overloading a port, a pile cooking in the summer sun.
// An addition to the device contract: docs/devices.md "ebike_charger".
import { choice, command } from './lib/commands';
import { boolean, numeric } from './lib/metrics';
import { above, any, eq, gt, rule } from './lib/rules';
import type { DeviceTypeDef, Label, MetricValue, NumericMetric, RuleDef } from './lib/types';

/** The pile's ports, numbered as on its front panel. */
const PORTS = [1, 2, 3, 4] as const;
type Port = (typeof PORTS)[number];
const powerKey = (n: Port): string => `port${n}_power_w`;
const currentKey = (n: Port): string => `port${n}_current_a`;

/** Above this a port is charging; a full battery on a sound charger floats well below it. */
const CHARGING_A = 0.3;
/** A 48 V e-bike battery is full within about 8 hours; still charging after that, it is overcharging. */
const OVERCHARGE_AFTER = '8h';
/** What one port may deliver (a 220 V, 5 A socket circuit); an e-bike charger takes 150–300 W. */
const PORT_MAX_W = 1000;
/** The pile's housing above this is too hot (its protection cuts off at about 80 °C). */
const HOT_C = 60;

const portLabel = (n: Port, what: Label): Label => ({ zh: `${n}号口${what.zh}`, en: `Port ${n} ${what.en}` });

const portMetrics = (n: Port): NumericMetric[] => [
  numeric(powerKey(n), {
    label: portLabel(n, { zh: '功率', en: 'power' }),
    unit: 'W',
    min: 0,
    max: 3000,
  }),
  numeric(currentKey(n), {
    label: portLabel(n, { zh: '电流', en: 'current' }),
    unit: 'A',
    min: 0,
    max: 20,
  }),
];

const overcharge = (n: Port): RuleDef =>
  rule(`port${n}_overcharge`, gt(currentKey(n), CHARGING_A), {
    severity: 'major',
    for: OVERCHARGE_AFTER,
    label: portLabel(n, { zh: '充电超时', en: 'charging past full' }),
  });

/** Every port idle but the first, whose full battery takes a float current. */
const idlePorts: Record<string, MetricValue> = Object.fromEntries(
  PORTS.flatMap((n) => [
    [powerKey(n), n === 1 ? 9 : 0],
    [currentKey(n), n === 1 ? 0.05 : 0],
  ]),
);

export const definition: DeviceTypeDef = {
  type: 'ebike_charger',
  label: { zh: '电动车充电桩', en: 'E-bike charging pile' },
  category: 'fire',
  metrics: [
    ...PORTS.flatMap(portMetrics),
    numeric('u', { label: { zh: '电压', en: 'Voltage' }, unit: 'V', min: 0, max: 500 }),
    numeric('temp_c', { label: { zh: '桩内温度', en: 'Temperature' }, unit: '°C', min: -50, max: 200 }),
    // The over-temperature protection has switched every port off; it stays off until reset.
    boolean('thermal_cutoff', { label: { zh: '过温断电', en: 'Over-temperature cut-off' } }),
  ],
  rules: [
    rule('thermal_cutoff', eq('thermal_cutoff', true), {
      severity: 'critical',
      label: { zh: '过温断电', en: 'Over-temperature cut-off' },
    }),
    above('temp_c', HOT_C, 'over_temperature', {
      severity: 'major',
      for: '60s',
      label: { zh: '温度过高', en: 'Over temperature' },
    }),
    rule('port_overload', any(...PORTS.map((n) => gt(powerKey(n), PORT_MAX_W))), {
      severity: 'major',
      for: '30s',
      label: { zh: '端口过载', en: 'Port overload' },
    }),
    ...PORTS.map(overcharge),
  ],
  offline: { severity: 'minor' },
  commands: [
    // Cuts the power of one port: a resident's charge stops.
    command('stop_port', {
      label: { zh: '关闭端口', en: 'Stop a port' },
      disruptive: true,
      args: [
        choice('port', ['1', '2', '3', '4'], {
          label: { zh: '端口', en: 'Port' },
          valueLabels: {
            '1': { zh: '1号口', en: 'Port 1' },
            '2': { zh: '2号口', en: 'Port 2' },
            '3': { zh: '3号口', en: 'Port 3' },
            '4': { zh: '4号口', en: 'Port 4' },
          },
        }),
      ],
    }),
    command('report_now', { label: { zh: '立即上报', en: 'Report now' } }),
  ],
  power: { dark: ['offline'] },
  demo: { prefix: 'charger', perCompound: [1, 1], places: [{ zh: '车棚', en: 'bike shed' }], power: 'fed' },
  // `offline` has no fault reading: it is driven by the status topic / silence, not by metrics.
  simulator: {
    normal: { ...idlePorts, u: 226, temp_c: 24, thermal_cutoff: false },
    faults: {
      // The pile is still hot when it reports the cut-off, and every port is off.
      thermal_cutoff: { thermal_cutoff: true, temp_c: 82, port1_power_w: 0, port1_current_a: 0 },
      over_temperature: { temp_c: 66 },
      port_overload: { port2_power_w: 1450, port2_current_a: 6.4 },
      ...Object.fromEntries(
        PORTS.map((n) => [`port${n}_overcharge`, { [powerKey(n)]: 245, [currentKey(n)]: 1.1 }]),
      ),
    },
  },
};
