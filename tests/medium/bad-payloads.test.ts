// Bad input is rejected whole (or ignored, for unknown keys), counted per reason, and changes nothing.
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDevice, publish, registerDevice } from '../helpers/devices';
import { metricValue } from '../helpers/metrics';
import { startServer, type TestServer } from '../helpers/server';

describe('bad telemetry payloads', () => {
  let s: TestServer;
  let box: MqttClient;
  const baseline = { ua: 230, ub: 231, uc: 229, temp_c: 35, breaker: 'closed' };
  const state = async () =>
    (await s.api.get<{ state: Record<string, unknown> }>('/api/devices/box-1', s.admin)).body.state;

  beforeAll(async () => {
    s = await startServer();
    box = await connectDevice(s, await registerDevice(s, { id: 'box-1', type: 'distribution_box' }));
    await publish(box, 'box-1', 'telemetry', baseline);
  });
  afterAll(async () => {
    await box?.endAsync();
    await s?.stop();
  });

  const cases: [string, string | Buffer, string][] = [
    ['not JSON', 'leakage_ma=45', 'not_json'],
    ['NaN (not valid JSON)', '{"ua": NaN}', 'not_json'],
    ['an array', '[{"ua": 10}]', 'not_object'],
    ['a string', '"ua"', 'not_object'],
    ['null', 'null', 'not_object'],
    ['17 KiB', JSON.stringify({ ua: 10, pad: 'x'.repeat(17 * 1024) }), 'too_large'],
    ['a number as a string', '{"ua": "10"}', 'wrong_type'],
    ['a boolean for an enum', '{"breaker": true}', 'wrong_type'],
    ['a negative voltage', '{"ua": -5}', 'out_of_range'],
    ['a voltage of 600', '{"ub": 600, "temp_c": 20}', 'out_of_range'],
    ['an unknown enum value', '{"breaker": "exploded"}', 'out_of_range'],
    ['a ts a day ahead', JSON.stringify({ ua: 10, ts: Date.now() + 86_400_000 }), 'future_ts'],
  ];

  it.each(cases)(
    'rejects %s whole (%s), keeps the connection, leaves the state unchanged',
    async (_name, payload, reason) => {
      const before = await metricValue(s, 'redsail_mqtt_messages_rejected_total', { reason });
      await publish(box, 'box-1', 'telemetry', payload);
      expect(await metricValue(s, 'redsail_mqtt_messages_rejected_total', { reason })).toBe(before + 1);
      expect(box.connected).toBe(true);
      expect(await state()).toEqual(baseline);
      expect((await s.api.get<unknown[]>('/api/alarms', s.admin)).body).toEqual([]);
    },
  );

  it('ignores and counts unknown keys while accepting the defined metrics', async () => {
    const before = await metricValue(s, 'redsail_mqtt_unknown_keys_total');
    await publish(box, 'box-1', 'telemetry', { temp_c: 36, colour: 'red', firmware: 3 });
    expect(await metricValue(s, 'redsail_mqtt_unknown_keys_total')).toBe(before + 2);
    expect(await state()).toEqual({ ...baseline, temp_c: 36 });
  });

  it('rejects a bad status payload and keeps the device online', async () => {
    await publish(box, 'box-1', 'status', 'sleepy');
    expect(await metricValue(s, 'redsail_mqtt_messages_rejected_total', { reason: 'bad_status' })).toBe(1);
    const dev = await s.api.get<{ status: string }>('/api/devices/box-1', s.admin);
    expect(dev.body.status).toBe('online');
  });

  it('still processes good readings after all of that', async () => {
    await publish(box, 'box-1', 'telemetry', { leakage_ma: 31 });
    const alarms = await s.api.get<{ rule: string }[]>('/api/alarms?active=true', s.admin);
    expect(alarms.body.map((a) => a.rule)).toEqual(['leakage']);
  });
});
