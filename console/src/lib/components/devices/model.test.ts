// The device panel's pure rules: metrics and commands from the registry, the metric an alarm is
// charted by, readings in words, and how a sent command stands.
import { describe, expect, it } from 'vitest';
import { deviceTypes } from '../../../../../devices/index';
import type { CommandAckEvent, CommandSentDto } from '../../api/types';
import {
  ACK_TIMEOUT_MS,
  chartMetric,
  commandsOf,
  commandView,
  numericMetrics,
  stateRows,
  valueText,
  metricDef,
  type SentCommand,
} from './model';

const words = { yes: 'Y', no: 'N' };
const T0 = Date.parse('2026-05-01T08:00:00Z');

describe('registry views', () => {
  it('numeric metrics in registry order', () => {
    expect(numericMetrics('streetlight').map((m) => m.key)).toEqual(['u', 'i', 'p', 'lux']);
    expect(numericMetrics('nope')).toEqual([]);
  });

  it.each([
    ['distribution_box', 'leakage', 'leakage_ma'],
    ['distribution_box', 'phase_loss', 'ua'],
    ['distribution_box', 'overcurrent', 'ia'],
    ['distribution_box', 'over_temperature', 'temp_c'],
    ['distribution_box', 'breaker_tripped', 'ua'], // reads only an enum: the type's first number
    ['distribution_box', 'offline', 'ua'],
    ['streetlight', 'lamp_failure', 'i'], // commanded and lamp are enums; i is the first number it reads
    ['streetlight', 'day_burning', 'lux'],
    ['camera', 'video_lost', 'temp_c'],
    ['distribution_box', undefined, 'ua'],
  ])('%s, rule %s: charts %s', (type, rule, metric) => {
    expect(chartMetric(type, rule)).toBe(metric);
  });

  it('every rule of every type maps to a metric the type can chart (when it has numbers)', () => {
    for (const d of deviceTypes)
      for (const r of d.rules) {
        const m = chartMetric(d.type, r.id);
        expect(m === undefined || numericMetrics(d.type).some((x) => x.key === m), `${d.type}/${r.id}`).toBe(
          true,
        );
      }
  });

  it('an unknown type has nothing to chart and no commands', () => {
    expect(chartMetric('boiler', 'leak')).toBeUndefined();
    expect(commandsOf('boiler')).toEqual([]);
  });

  it('commands come from the registry', () => {
    expect(commandsOf('distribution_box').map((c) => [c.name, c.disruptive])).toEqual([
      ['reset_breaker', true],
      ['report_now', false],
    ]);
    expect(commandsOf('van')).toEqual([]);
  });
});

describe('readings in words', () => {
  it('numbers with the unit, enums by label, booleans as yes/no', () => {
    const temp = metricDef('distribution_box', 'temp_c');
    expect(valueText(temp, 36.456, 'en', words)).toEqual({ text: '36.46', unit: '°C' });
    expect(valueText(metricDef('distribution_box', 'breaker'), 'tripped', 'zh', words)).toEqual({
      text: '跳闸',
    });
    expect(valueText(metricDef('camera', 'recording'), false, 'en', words)).toEqual({ text: 'N' });
    expect(valueText(undefined, 'weird', 'en', words)).toEqual({ text: 'weird' });
    expect(valueText(temp, 12345.6, 'zh', words).text).toBe('12,345.6');
  });

  it('state rows follow the type’s metric order and leave out keys it does not define', () => {
    const rows = stateRows('distribution_box', { door: 'open', ua: 230, stray: 1 }, 'en', words);
    expect(rows).toEqual([
      { key: 'ua', label: 'Phase A voltage', text: '230', unit: 'V' },
      { key: 'door', label: 'Door', text: 'Open' },
    ]);
  });
});

describe('commandView', () => {
  const sent = (connected: boolean): CommandSentDto => ({
    id: 'cmd-1',
    deviceId: 'box-1',
    name: 'report_now',
    sentAt: new Date(T0).toISOString(),
    connected,
    disruptive: false,
  });
  const cmd = (over: Partial<SentCommand> = {}): SentCommand => ({
    key: 1,
    name: 'report_now',
    args: {},
    startedAt: T0,
    ...over,
  });
  const ack = (ok: boolean, message?: string): CommandAckEvent => ({
    deviceId: 'box-1',
    id: 'cmd-1',
    ok,
    at: new Date(T0 + 500).toISOString(),
    ...(message !== undefined && { message }),
  });

  it('sending until the server answers', () => {
    expect(commandView(cmd(), undefined, T0 + 100)).toEqual({ state: 'sending' });
  });

  it('sent while the device is connected, offline when it is not', () => {
    expect(commandView(cmd({ sent: sent(true) }), undefined, T0 + 100)).toEqual({ state: 'sent' });
    expect(commandView(cmd({ sent: sent(false) }), undefined, T0 + 100)).toEqual({ state: 'offline' });
  });

  it('the ack decides: ok, or failed with the device’s message', () => {
    expect(commandView(cmd({ sent: sent(true) }), ack(true), T0 + 600)).toEqual({ state: 'ok' });
    expect(commandView(cmd({ sent: sent(true) }), ack(true, 'done'), T0 + 600)).toEqual({
      state: 'ok',
      message: 'done',
    });
    expect(commandView(cmd({ sent: sent(true) }), ack(false, 'locked out'), T0 + 600)).toEqual({
      state: 'failed',
      message: 'locked out',
    });
  });

  it('no answer after the timeout; a late ack still counts', () => {
    const c = cmd({ sent: sent(true) });
    expect(commandView(c, undefined, T0 + ACK_TIMEOUT_MS - 1).state).toBe('sent');
    expect(commandView(c, undefined, T0 + ACK_TIMEOUT_MS).state).toBe('timeout');
    expect(commandView(c, ack(true), T0 + 5 * ACK_TIMEOUT_MS).state).toBe('ok');
  });

  it('a refused request is failed with the server’s words', () => {
    expect(commandView(cmd({ error: 'only dispatchers may do this' }), undefined, T0)).toEqual({
      state: 'failed',
      message: 'only dispatchers may do this',
    });
  });
});
