// The per-device rate limit at the MQTT edge, on a manual clock (no timing in the test): a device
// flooding beyond its burst has the excess dropped before parsing and counted in /metrics, its
// state keeps the last accepted reading, its status still gets through, tokens come back with time,
// and a well-behaved device beside it is untouched — its fault still raises an alarm. A flooding
// device with a short keep-alive is held (read throttle) only within it and stays connected.
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDevice, publish, registerDevice, topic } from '../helpers/devices';
import { metricValue } from '../helpers/metrics';
import { startServer, type TestServer } from '../helpers/server';

const SHED = 'redsail_mqtt_messages_shed_total';
const RECEIVED = 'redsail_mqtt_messages_received_total';

describe('per-device rate limit (10 msg/s, burst 5)', () => {
  let s: TestServer;
  let noisy: MqttClient;
  let calm: MqttClient;

  beforeAll(async () => {
    s = await startServer({ manualClock: true, env: { DEVICE_RATE_PER_S: '10', DEVICE_BURST: '5' } });
    noisy = await connectDevice(s, await registerDevice(s, { id: 'noisy', type: 'distribution_box' }));
    calm = await connectDevice(s, await registerDevice(s, { id: 'calm', type: 'distribution_box' }));
  });
  afterAll(async () => {
    await noisy?.endAsync();
    await calm?.endAsync();
    await s?.stop();
  });

  const temp = async (id: string) =>
    (await s.api.get<{ state: { temp_c?: number } }>(`/api/devices/${id}`, s.admin)).body.state.temp_c;

  it('drops and counts what a flooding device sends beyond its burst', async () => {
    const received = await metricValue(s, RECEIVED, { kind: 'telemetry' });
    for (let i = 1; i <= 12; i++) await publish(noisy, 'noisy', 'telemetry', { temp_c: i });
    expect(await metricValue(s, SHED, { reason: 'device_rate' })).toBe(7);
    expect((await metricValue(s, RECEIVED, { kind: 'telemetry' })) - received).toBe(5);
    expect(await temp('noisy')).toBe(5); // the 5th reading was the last one taken
  });

  it('lets its status through even when its bucket is empty', async () => {
    await publish(noisy, 'noisy', 'status', 'offline');
    expect((await s.api.get<{ status: string }>('/api/devices/noisy', s.admin)).body.status).toBe('offline');
    await publish(noisy, 'noisy', 'status', 'online');
    expect(await metricValue(s, SHED, { reason: 'device_rate' })).toBe(7);
  });

  it('gives tokens back with time: 200 ms → 2 more messages', async () => {
    s.clock?.advance(200);
    for (let i = 13; i <= 15; i++) await publish(noisy, 'noisy', 'telemetry', { temp_c: i });
    expect(await temp('noisy')).toBe(14);
    expect(await metricValue(s, SHED, { reason: 'device_rate' })).toBe(8);
  });

  it('leaves a well-behaved device alone: its leakage still raises the alarm', async () => {
    await publish(calm, 'calm', 'telemetry', { temp_c: 30, leakage_ma: 45 });
    expect(await temp('calm')).toBe(30);
    const alarms = (await s.api.get<{ deviceId: string; rule: string }[]>('/api/alarms?active=true', s.admin))
      .body;
    expect(alarms).toContainEqual(expect.objectContaining({ deviceId: 'calm', rule: 'leakage' }));
    expect(await metricValue(s, SHED, { reason: 'device_rate' })).toBe(8);
  });

  it('holds a flooding device with a short keep-alive within it: it stays connected and is heard again', async () => {
    // Keep-alive 1 s: the server times the connection out after 1.5 s of silence. 50 messages at once
    // with 5 tokens: 45 dropped, 100 ms of hold each — 4.5 s unread without a per-connection cap.
    const short = await connectDevice(
      s,
      await registerDevice(s, { id: 'short-ka', type: 'distribution_box' }),
      {
        keepalive: 1,
      },
    );
    let closed = false;
    short.on('close', () => (closed = true));
    try {
      const shed = await metricValue(s, SHED, { reason: 'device_rate' });
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          short.publishAsync(topic('short-ka', 'telemetry'), JSON.stringify({ temp_c: i }), { qos: 1 }),
        ),
      );
      expect(await metricValue(s, SHED, { reason: 'device_rate' })).toBe(shed + 45);
      await publish(short, 'short-ka', 'status', 'online');
      expect(closed).toBe(false);
      expect(short.connected).toBe(true);
    } finally {
      await short.endAsync();
    }
  });
});
