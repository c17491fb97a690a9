// `for` durations and clear hysteresis through the real server, on a controlled clock (no sleeping).
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDevice, publish, registerDevice } from '../helpers/devices';
import { startServer, type TestServer } from '../helpers/server';

interface Alarm {
  rule: string;
  active: boolean;
  severity: string;
}

describe('over_temperature holds only after 60 s above 70 °C and clears with hysteresis', () => {
  let s: TestServer;
  let box: MqttClient;
  const alarms = async () => (await s.api.get<Alarm[]>('/api/alarms?deviceId=box-t', s.admin)).body;

  beforeAll(async () => {
    s = await startServer({ manualClock: true });
    box = await connectDevice(s, await registerDevice(s, { id: 'box-t', type: 'distribution_box' }));
  });
  afterAll(async () => {
    box?.end(true);
    await s?.stop();
  });

  it('does not raise before 60 s, raises at 60 s by the periodic check', async () => {
    await publish(box, 'box-t', 'telemetry', { temp_c: 75 });
    s.clock?.advance(30_000);
    await publish(box, 'box-t', 'telemetry', { temp_c: 76 });
    s.clock?.advance(29_999);
    s.app.tick();
    expect(await alarms()).toEqual([]);
    s.clock?.advance(1);
    s.app.tick();
    const list = await alarms();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ rule: 'over_temperature', severity: 'major', active: true });
  });

  it('a dip below 70 °C starts the clear; back above resets it; it clears after 60 s below', async () => {
    await publish(box, 'box-t', 'telemetry', { temp_c: 65 });
    s.clock?.advance(40_000);
    await publish(box, 'box-t', 'telemetry', { temp_c: 72 }); // hysteresis: the clear timer restarts
    s.clock?.advance(1_000);
    await publish(box, 'box-t', 'telemetry', { temp_c: 60 });
    s.clock?.advance(59_999);
    s.app.tick();
    expect((await alarms())[0]?.active).toBe(true);
    s.clock?.advance(1);
    s.app.tick();
    expect((await alarms())[0]?.active).toBe(false);
  });

  it('a rule timer survives a restart of the server on the same data', async () => {
    await publish(box, 'box-t', 'telemetry', { temp_c: 80 });
    s.clock?.advance(30_000);
    await box.endAsync();
    const { dataDir } = s;
    const t = s.clock?.now() ?? 0;
    await s.stop({ keepData: true });
    s = await startServer({ manualClock: true, dataDir });
    s.clock?.set(t + 30_000);
    s.app.tick();
    const list = (await alarms()).filter((a) => a.active);
    expect(list).toMatchObject([{ rule: 'over_temperature', active: true }]);
  });
});
