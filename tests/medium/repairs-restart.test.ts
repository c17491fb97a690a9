// What flapping and repeat faults remember survives a restart on the same data: the recent raises of a
// fault, a flapping alarm's quiet time, and the recently closed ticket a returning fault reopens.
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDevice, publish, registerDevice, type Creds } from '../helpers/devices';
import { startServer, type TestServer } from '../helpers/server';
import { addVan } from '../helpers/vans';

const MIN = 60_000;
const ENV = { FLAP_COUNT: '3', FLAP_QUIET_S: '600', AUTO_DISPATCH: 'false', OFFLINE_AFTER_S: '86400' };

interface Alarm {
  id: string;
  active: boolean;
  flapping?: boolean;
  ticketId?: string;
}
interface Ticket {
  id: string;
  status: string;
  repeatCount: number;
}

describe('flapping and repeat faults across a restart', () => {
  let s: TestServer;
  let creds: Creds;
  let box: MqttClient;

  const leak = (ma: number) => publish(box, 'box-x', 'telemetry', { leakage_ma: ma });
  const alarms = async () => (await s.api.get<Alarm[]>('/api/alarms?deviceId=box-x', s.admin)).body;
  const tickets = async () => (await s.api.get<Ticket[]>('/api/tickets?deviceId=box-x', s.admin)).body;
  const restart = async () => {
    await box.endAsync();
    const { dataDir } = s;
    const now = s.clock?.now() ?? 0;
    await s.stop({ keepData: true });
    s = await startServer({ manualClock: true, dataDir, env: ENV });
    s.clock?.set(now);
    box = await connectDevice(s, creds);
  };

  beforeAll(async () => {
    s = await startServer({ manualClock: true, env: ENV });
    await addVan(s, 'van-x', '二号车', 35.6, 116.98);
    creds = await registerDevice(s, { id: 'box-x', type: 'distribution_box' });
    box = await connectDevice(s, creds);
  });
  afterAll(async () => {
    await box?.endAsync();
    await s?.stop();
  });

  it('the raises before a restart count towards flapping after it', async () => {
    for (let i = 0; i < 2; i++) {
      await leak(45);
      s.clock?.advance(MIN);
      await leak(4);
      s.clock?.advance(MIN);
    }
    await restart();
    await leak(45);
    const active = (await alarms()).filter((a) => a.active);
    expect(active).toMatchObject([{ flapping: true }]);
  });

  it("a flapping alarm's quiet time survives a restart; it clears after it", async () => {
    await leak(4);
    expect((await alarms()).filter((a) => a.active)).toHaveLength(1);
    await restart();
    s.clock?.advance(10 * MIN);
    s.app.tick();
    expect((await alarms()).filter((a) => a.active)).toEqual([]);
  });

  it('a ticket closed before a restart is reopened by its fault returning after it', async () => {
    const [t] = await tickets();
    const id = t?.id ?? '';
    for (const body of [
      { type: 'dispatch', vanId: 'van-x' },
      { type: 'accept' },
      { type: 'arrive' },
      { type: 'resolve', note: '更换漏电保护器' },
      { type: 'close', reason: '设备已确认' },
    ])
      expect((await s.api.post(`/api/tickets/${id}/events`, body, s.admin)).status).toBe(200);
    await restart();
    s.clock?.advance(60 * MIN);
    await leak(45);
    expect(await tickets()).toMatchObject([{ id, status: 'new', repeatCount: 1 }]);
  });
});
