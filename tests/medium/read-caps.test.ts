// Caps on reads that can grow (issue 16 point 4): telemetry history has a longest range and pages of at
// most 10,000 points (`next` to continue), stats reports a longest range; beyond them a clear 400.
// Alarm and ticket lists (limit ≤ 1000) page on with `before`, the id of the previous page's last item.
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDevice, publish, registerDevice } from '../helpers/devices';
import { startServer, type TestServer } from '../helpers/server';

interface History {
  points: { ts: string; value: number }[];
  next?: string;
}
const DAY = 86_400_000;

describe('read caps', () => {
  let s: TestServer;
  let box: MqttClient;
  const t0 = Date.now() - 60_000;

  beforeAll(async () => {
    s = await startServer();
    box = await connectDevice(s, await registerDevice(s, { id: 'box-1', type: 'distribution_box' }));
    for (let i = 0; i < 5; i++)
      await publish(box, 'box-1', 'telemetry', { temp_c: 30 + i, ts: t0 + i * 1000 });
  });
  afterAll(async () => {
    await box?.endAsync();
    await s?.stop();
  });

  const history = (q: string) =>
    s.api.get<History>(`/api/devices/box-1/telemetry?metric=temp_c&${q}`, s.admin);

  it('pages telemetry history with limit and next, each point once', async () => {
    const to = new Date(t0 + 10_000).toISOString();
    let from = new Date(t0 - 1000).toISOString();
    const values: number[] = [];
    const pages: number[] = [];
    for (;;) {
      const res = await history(`from=${from}&to=${to}&limit=2`);
      expect(res.status).toBe(200);
      values.push(...res.body.points.map((p) => p.value));
      pages.push(res.body.points.length);
      if (res.body.next === undefined) break;
      from = res.body.next;
    }
    expect(values).toEqual([30, 31, 32, 33, 34]);
    expect(pages).toEqual([2, 2, 1]);
  });

  it('answers a range longer than 400 days or a page over 10,000 points with a clear 400', async () => {
    const to = new Date(t0).toISOString();
    const long = await history(`from=${new Date(t0 - 401 * DAY).toISOString()}&to=${to}`);
    expect(long.status).toBe(400);
    expect(long.body).toMatchObject({
      error: expect.any(String) as string,
      message: expect.stringContaining('400 days') as string,
    });
    const big = await history('limit=10001');
    expect(big.status).toBe(400);
    expect(String((big.body as unknown as { message: string }).message)).toContain('10000');
    const ok = await history(`from=${new Date(t0 - 399 * DAY).toISOString()}&to=${to}`);
    expect(ok.status).toBe(200);
  });

  it('refuses a stats range longer than 400 days', async () => {
    const to = new Date(t0).toISOString();
    const long = await s.api.get(
      `/api/stats?from=${new Date(t0 - 401 * DAY).toISOString()}&to=${to}`,
      s.admin,
    );
    expect(long.status).toBe(400);
    expect(String(long.body.message)).toContain('400 days');
    const year = await s.api.get(
      `/api/stats?from=${new Date(t0 - 365 * DAY).toISOString()}&to=${to}`,
      s.admin,
    );
    expect(year.status).toBe(200);
  });

  it('pages alarm and ticket lists with before, each item once, newest first', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await s.api.post(
        '/api/tickets',
        { category: 'electrical', description: `call ${i}`, address: `工保小区 ${i + 1}号楼` },
        s.admin,
      );
      expect(res.status).toBe(201);
    }
    const all = await s.api.get<{ id: string }[]>('/api/tickets?limit=1000', s.admin);
    const ids: string[] = [];
    let before: string | undefined;
    for (;;) {
      const page = await s.api.get<{ id: string }[]>(
        `/api/tickets?limit=2${before ? `&before=${before}` : ''}`,
        s.admin,
      );
      expect(page.status).toBe(200);
      ids.push(...page.body.map((t) => t.id));
      if (page.body.length < 2 || ids.length > all.body.length) break;
      before = page.body.at(-1)?.id;
    }
    expect(ids).toEqual(all.body.map((t) => t.id));
    expect(ids.length).toBeGreaterThanOrEqual(5);

    await publish(box, 'box-1', 'telemetry', { leakage_ma: 45 });
    const alarms = await s.api.get<{ id: string }[]>('/api/alarms', s.admin);
    const first = alarms.body[0]?.id ?? '';
    expect(first).not.toBe('');
    const after = await s.api.get<{ id: string }[]>(`/api/alarms?before=${first}`, s.admin);
    expect(after.status).toBe(200);
    expect(after.body.map((a) => a.id)).toEqual(alarms.body.slice(1).map((a) => a.id));
    for (const path of ['/api/alarms?before=al-none', '/api/tickets?before=t-none']) {
      const bad = await s.api.get(path, s.admin);
      expect(bad.status).toBe(400);
      expect(String(bad.body.message)).toContain('before');
    }
  });
});
