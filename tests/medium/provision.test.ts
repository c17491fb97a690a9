// Provisioning the real Qufu demo data set into a real server, twice: the second run creates nothing
// and returns the same credentials, which work over MQTT.
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../simulators/lib/demo-data';
import { DEPOT_SITE_ID, provision, type Provisioned } from '../../simulators/lib/provision';
import { connectDevice, publish } from '../helpers/devices';
import { startServer, tempDir, type TestServer } from '../helpers/server';

describe('provisioning the demo data set', () => {
  const data = loadDemoData();
  let s: TestServer;
  let dir: string;
  let file: string;
  let first: Provisioned;
  const logs: string[] = [];
  const run = (extra: Partial<Parameters<typeof provision>[0]> = {}) =>
    provision({
      apiUrl: s.httpUrl,
      adminToken: s.admin,
      data,
      credentialsFile: file,
      log: (m) => logs.push(m),
      ...extra,
    });

  beforeAll(async () => {
    s = await startServer();
    dir = tempDir('redsail-provision-');
    file = path.join(dir, 'nested', 'credentials.json');
    first = await run();
  });
  afterAll(async () => {
    await s?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates every compound, device, van and user, and returns their credentials', async () => {
    expect(first.devices.map((d) => d.id)).toStrictEqual(data.devices.map((d) => d.id));
    expect(first.vans.map((v) => v.id)).toStrictEqual(['van-1', 'van-2']);
    expect(first.unusable).toStrictEqual([]);
    expect(first.dispatcher).toStrictEqual(data.dispatcher);
    expect(first.technicians).toStrictEqual([
      { ...data.vans[0]?.technician, vanId: 'van-1' },
      { ...data.vans[1]?.technician, vanId: 'van-2' },
    ]);
    expect(logs).toContain(`compounds: ${data.compounds.length} created, 0 already there`);
    expect(logs).toContain(`sites: ${data.sites.stations.length + 1} created, 0 already there`);
    expect(logs).toContain(`devices: ${data.devices.length} registered, 0 already there`);

    const devices = await s.api.get<{ id: string; type: string; poweredBy?: string }[]>(
      '/api/devices',
      s.admin,
    );
    expect(devices.body).toHaveLength(data.devices.length + data.vans.length);
    // Every fed device is registered with its box as poweredBy; boxes and unfed devices have none.
    const feeder = new Map(data.devices.flatMap((b) => (b.feeds ?? []).map((id) => [id, b.id] as const)));
    expect(feeder.size).toBeGreaterThan(0);
    const shown = new Map(devices.body.map((d) => [d.id, d.poweredBy]));
    for (const d of data.devices) expect(shown.get(d.id), d.id).toBe(feeder.get(d.id));
    const vans = await s.api.get<{ id: string; name: string }[]>('/api/vans', s.admin);
    expect(vans.body.map((v) => [v.id, v.name])).toStrictEqual([
      ['van-1', '一号车'],
      ['van-2', '二号车'],
    ]);
    const users = await s.api.get<{ username: string; role: string; vanId?: string }[]>(
      '/api/users',
      s.admin,
    );
    expect(users.body.map((u) => [u.username, u.role, u.vanId])).toEqual(
      expect.arrayContaining([
        ['dispatcher', 'dispatcher', undefined],
        ['tech1', 'technician', 'van-1'],
        ['tech2', 'technician', 'van-2'],
      ]),
    );
    expect(await s.api.login('tech1', data.vans[0]?.technician.password ?? '')).toBeTruthy();
    expect(await s.api.login('dispatcher', data.dispatcher.password)).toBeTruthy();
  });

  it('GET /api/compounds shows each compound with its device count', async () => {
    const res = await s.api.get<{ id: string; name: string; counts: { devices: number } }[]>(
      '/api/compounds',
      s.admin,
    );
    expect(res.body.map((c) => c.id).sort()).toStrictEqual(data.compounds.map((c) => c.id).sort());
    for (const c of res.body) {
      const expected = data.devices.filter((d) => d.compoundId === c.id).length;
      expect(c.counts.devices, c.id).toBe(expected);
    }
    expect(res.body.find((c) => c.id === 'gongbao')?.name).toBe('工保小区');
  });

  it('GET /api/sites shows the red sail stations in their compounds and the depot', async () => {
    const res = await s.api.get<{ id: string; kind: string; name: string; compoundId?: string }[]>(
      '/api/sites',
      s.admin,
    );
    const stations = data.sites.stations.map((st) => [st.id, 'station', st.name, st.compoundId]);
    expect(res.body.map((x) => [x.id, x.kind, x.name, x.compoundId])).toStrictEqual(
      [[DEPOT_SITE_ID, 'depot', data.sites.depot.name, undefined], ...stations].sort((a, b) =>
        String(a[0]).localeCompare(String(b[0])),
      ),
    );
  });

  it('keeps the secrets in a 0600 file; they work over MQTT', async () => {
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as {
      devices: Record<string, string>;
      vans: Record<string, string>;
    };
    expect(Object.keys(saved.devices)).toHaveLength(data.devices.length);
    expect(Object.keys(saved.vans)).toStrictEqual(['van-1', 'van-2']);
    for (const c of [first.devices[0], first.devices.at(-1), first.vans[1]]) {
      if (!c) throw new Error('no credentials');
      const client = await connectDevice(s, { id: c.id, username: c.id, password: c.password });
      const reading = c.id.startsWith('van-') ? { lat: 35.59, lng: 116.99 } : { tamper: false, lamp: 'on' };
      await publish(client, c.id, 'telemetry', reading);
      await client.endAsync();
    }
  });

  it('a second run creates nothing and returns the same credentials', async () => {
    const before = readFileSync(file, 'utf8');
    logs.length = 0;
    const again = await run();
    expect(again).toStrictEqual(first);
    expect(logs).toStrictEqual([
      `compounds: 0 created, ${data.compounds.length} already there`,
      `sites: 0 created, ${data.sites.stations.length + 1} already there`,
      `devices: 0 registered, ${data.devices.length} already there`,
      'vans: 0 registered, 2 already there',
      'users: 0 created, 3 already there (their passwords unchanged)',
    ]);
    expect(readFileSync(file, 'utf8')).toBe(before);
    const devices = await s.api.get<unknown[]>('/api/devices', s.admin);
    expect(devices.body).toHaveLength(data.devices.length + data.vans.length);
  });

  it('registers only what is new, and reports devices whose secret was lost as unusable', async () => {
    const lost = data.devices[3]?.id ?? '';
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { devices: Record<string, string> };
    delete saved.devices[lost];
    writeFileSync(file, JSON.stringify(saved), { mode: 0o600 });
    const { lat, lng } = data.devices[0] ?? { lat: 0, lng: 0 };
    const extra = {
      id: 'lamp-gongbao-99',
      type: 'streetlight' as const,
      name: '工保小区 99号路灯',
      compoundId: 'gongbao',
      lat,
      lng,
    };
    logs.length = 0;
    const res = await run({ data: { ...data, devices: [...data.devices, extra] } });
    expect(logs).toContain(`devices: 1 registered, ${data.devices.length} already there`);
    expect(res.unusable).toStrictEqual([lost]);
    expect(res.devices.map((d) => d.id)).not.toContain(lost);
    expect(res.devices.at(-1)?.id).toBe('lamp-gongbao-99');
    expect(logs.find((l) => l.startsWith('UNUSABLE'))).toContain(lost);
    expect((await s.api.get('/api/devices/lamp-gongbao-99', s.admin)).status).toBe(200);
  });

  it('refuses a credentials file it cannot read, rather than overwrite it', async () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ devices: 'nope' }));
    await expect(run({ credentialsFile: bad })).rejects.toThrow(/credentials file .* is not valid/);
    expect(readFileSync(bad, 'utf8')).toBe(JSON.stringify({ devices: 'nope' }));
  });
});
