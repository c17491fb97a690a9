// Global admission control (server/src/broker/admission.ts) with real MQTT clients, the per-device
// limit lifted out of the way. The store's write lock is held from the test, so the write backlog
// grows past the admission threshold and stays there for as long as the test needs: a flooding
// device is then held (its later readings wait, unread), while a quiet device's leakage reading is
// applied at once; the held messages are counted in /metrics, and once the store is back every held
// reading is applied, in order, none lost. What the flooder sent meanwhile waits unread in its socket;
// read while the server is still saturated, it is caught up (catch-up.ts): its QoS-0 readings merged,
// so the device's state is what applying each would give and a QoS-1 reading among them still gets
// its PUBACK. Every claim is an order of events, not a wait.
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdStoreWriteLock } from '../helpers/store-lock';
import { connectDevice, publish, registerDevice, topic } from '../helpers/devices';
import { metricValue } from '../helpers/metrics';
import { startServer, type TestServer } from '../helpers/server';

const HELD = 'redsail_mqtt_messages_held_total';
const SHED = 'redsail_mqtt_messages_shed_total';
/** Above the admission's write-backlog threshold (5,000 telemetry rows). */
const FLOOD = 6_000;

describe('global admission budget', () => {
  let s: TestServer;
  let flooder: MqttClient;
  let quiet: MqttClient;

  beforeAll(async () => {
    s = await startServer({
      env: { DEVICE_RATE_PER_S: '1000000', DEVICE_BURST: '1000000', ADMISSION_TURN_BUDGET: '1' },
    });
    flooder = await connectDevice(s, await registerDevice(s, { id: 'flooder', type: 'distribution_box' }));
    quiet = await connectDevice(s, await registerDevice(s, { id: 'quiet', type: 'distribution_box' }));
  });
  afterAll(async () => {
    await flooder?.endAsync();
    await quiet?.endAsync();
    await s?.stop();
  });

  const state = async (id: string) =>
    (
      await s.api.get<{ state: { temp_c?: number; leakage_ma?: number; ua?: number } }>(
        `/api/devices/${id}`,
        s.admin,
      )
    ).body.state;

  it('holds a flooding device while a quiet device is applied at once, and loses nothing', async () => {
    const held0 = await metricValue(s, HELD, { reason: 'admission' });
    const release = await holdStoreWriteLock(s.dataDir, 'telemetry');
    // The flood, QoS 0 (nothing to wait for), then one QoS-1 reading whose PUBACK comes only once
    // every reading before it on that connection has been applied.
    for (let i = 1; i <= FLOOD; i++)
      flooder.publish(topic('flooder', 'telemetry'), JSON.stringify({ temp_c: 20 + (i % 50) }), { qos: 0 });
    const last = publish(flooder, 'flooder', 'telemetry', { temp_c: 5 });
    let lastDone = false;
    void last.then(() => (lastDone = true));
    try {
      // Held once the backlog is over the threshold: the count shows in /metrics.
      await expect.poll(() => metricValue(s, HELD, { reason: 'admission' })).toBeGreaterThan(held0);
      // A quiet device's fault goes through while the flooder waits behind the store (QoS 0: its
      // durable PUBACK would wait for the commit the test is holding up).
      quiet.publish(topic('quiet', 'telemetry'), JSON.stringify({ temp_c: 31, leakage_ma: 45 }), { qos: 0 });
      await expect.poll(async () => (await state('quiet')).leakage_ma).toBe(45);
      expect(lastDone).toBe(false);
      expect((await state('flooder')).temp_c).not.toBe(5);
    } finally {
      await release();
    }
    // Once the store commits again the held readings are applied in order, up to the last one.
    await last;
    expect((await state('flooder')).temp_c).toBe(5);
    const alarms = (await s.api.get<{ deviceId: string; rule: string }[]>('/api/alarms?active=true', s.admin))
      .body;
    expect(alarms.some((a) => a.deviceId === 'quiet' && a.rule === 'leakage')).toBe(true);
  });

  it('catches up what a flooder sent while it was held: readings merged, none of the state lost', async () => {
    const shed0 = await metricValue(s, SHED, { reason: 'admission' });
    const held0 = await metricValue(s, HELD, { reason: 'admission' });
    const release = await holdStoreWriteLock(s.dataDir, 'telemetry');
    let middle: Promise<unknown> | undefined;
    let last: Promise<unknown> | undefined;
    try {
      for (let i = 1; i <= FLOOD; i++)
        flooder.publish(topic('flooder', 'telemetry'), JSON.stringify({ temp_c: 20 + (i % 50) }), { qos: 0 });
      await expect.poll(() => metricValue(s, HELD, { reason: 'admission' })).toBeGreaterThan(held0);
      // Sent while the flooder is held: it waits in the socket. One reading in the middle carries a
      // metric the others do not, and a QoS-1 reading sits among them.
      const backlog = (n: number) => {
        for (let i = 0; i < n; i++)
          flooder.publish(topic('flooder', 'telemetry'), JSON.stringify({ temp_c: 40 + (i % 9) }), {
            qos: 0,
          });
      };
      backlog(2_000);
      flooder.publish(topic('flooder', 'telemetry'), JSON.stringify({ leakage_ma: 45 }), { qos: 0 });
      backlog(2_000);
      middle = publish(flooder, 'flooder', 'telemetry', { ua: 231 });
      backlog(2_000);
      last = publish(flooder, 'flooder', 'telemetry', { temp_c: 7 });
    } finally {
      await release();
    }
    await middle;
    await last;
    // Fewer messages than were sent were applied: the rest were merged into later ones, and counted.
    expect(await metricValue(s, SHED, { reason: 'admission' })).toBeGreaterThan(shed0);
    const st = await state('flooder');
    expect(st).toMatchObject({ temp_c: 7, leakage_ma: 45, ua: 231 });
    const alarms = (await s.api.get<{ deviceId: string; rule: string }[]>('/api/alarms?active=true', s.admin))
      .body;
    expect(alarms.some((a) => a.deviceId === 'flooder' && a.rule === 'leakage')).toBe(true);
  });

  it('refuses a budget that is not a positive number at start, naming the variable', async () => {
    await expect(startServer({ env: { ADMISSION_TURN_BUDGET: '0' } })).rejects.toThrow(
      /ADMISSION_TURN_BUDGET/,
    );
  });
});
