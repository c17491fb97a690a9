// Road closures over the API (api.md v1.1 "Roads, routes and tracks"): who may create, list and end
// them, clear 400s that change nothing, the audit trail, the `road-closures` socket event, and expiry
// at `until` by itself (manual clock + tick), across a restart too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoadClosureDto } from '../../server/src/contracts/dto';
import { auditSince, newestAuditId } from '../helpers/audit';
import { startServer, type TestServer } from '../helpers/server';
import { connectSocket, EventLog, type TestSocket } from '../helpers/socket';

interface Err {
  error: string;
  message: string;
}

const line = {
  type: 'LineString',
  coordinates: [
    [116.99, 35.597],
    [116.992, 35.5972],
  ],
};
const HOUR = 3600_000;

describe('road closures API', () => {
  let s: TestServer;
  let disp: string;
  let tech: string;
  let viewer: string;
  let socket: TestSocket | undefined;
  const now = () => s.clock?.now() ?? Date.now();
  const post = (body: unknown, token = disp) =>
    s.api.request<RoadClosureDto & Err>('POST', '/api/road-closures', { token, body });
  const list = async (token = disp) =>
    (await s.api.get<RoadClosureDto[]>('/api/road-closures', token)).body.map((c) => c.id);
  const del = (id: string, token = disp) =>
    s.api.request<Err>('DELETE', `/api/road-closures/${id}`, { token });
  /** From now on: the next `road-closures` list that satisfies pred. */
  const listen = () => {
    if (!socket) throw new Error('no socket');
    const log = new EventLog(socket, ['road-closures']);
    return (pred: (ids: string[]) => boolean) =>
      log.waitFor<RoadClosureDto[]>('road-closures', (l) => pred(l.map((c) => c.id)));
  };

  beforeAll(async () => {
    s = await startServer({ manualClock: true });
    disp = await s.api.userToken(s.admin, 'disp', 'dispatcher');
    await s.api.post('/api/vans', { id: 'van-1', name: '1号车' }, s.admin);
    tech = await s.api.userToken(s.admin, 'tech', 'technician', 'van-1');
    viewer = await s.api.userToken(s.admin, 'boss', 'viewer');
    socket = await connectSocket(s.httpUrl, viewer);
  });
  afterAll(async () => {
    socket?.close();
    await s?.stop();
  });

  it('a dispatcher closes a line (radius 20 m by default); every role lists it; the change is audited and announced', async () => {
    const since = await newestAuditId(s);
    let announced = listen();
    const until = new Date(now() + 2 * HOUR).toISOString();
    const res = await post({ geometry: line, reason: '电缆抢修', until });
    expect(res.status).toBe(201);
    expect(res.body).toStrictEqual({
      id: expect.any(String) as string,
      geometry: line,
      radiusM: 20,
      reason: '电缆抢修',
      until,
      createdBy: 'disp',
      createdAt: new Date(now()).toISOString(),
    });
    const { id } = res.body;
    for (const token of [disp, tech, viewer, s.admin]) expect(await list(token)).toEqual([id]);
    await announced((ids) => ids.includes(id));
    expect((await auditSince(s, since)).map((e) => [e.action, e.entityId, e.actor])).toEqual([
      ['road_closure.create', id, 'disp'],
    ]);
    announced = listen();
    expect(await del(id)).toMatchObject({ status: 204 });
    await announced((ids) => !ids.includes(id));
    expect(await list()).toEqual([]);
    expect((await auditSince(s, since)).map((e) => e.action)).toEqual([
      'road_closure.create',
      'road_closure.end',
    ]);
  });

  it('an admin may close a point with no end; technicians and viewers may not write (403)', async () => {
    const point = { geometry: { type: 'Point', coordinates: [116.99, 35.597] }, radiusM: 35, reason: '塌陷' };
    expect((await post(point, tech)).status).toBe(403);
    expect((await post(point, viewer)).status).toBe(403);
    const made = await post(point, s.admin);
    expect(made.status).toBe(201);
    expect(made.body.until).toBeUndefined();
    expect(made.body.radiusM).toBe(35);
    expect((await del(made.body.id, tech)).status).toBe(403);
    expect((await del(made.body.id, viewer)).status).toBe(403);
    expect(await list()).toEqual([made.body.id]);
    expect((await del(made.body.id, s.admin)).status).toBe(204);
  });

  it('refuses bad input with 400 {error, message} and stores nothing', async () => {
    const past = new Date(now() - 1000).toISOString();
    const cases: [unknown, RegExp][] = [
      [{ geometry: line }, /reason/],
      [{ geometry: line, reason: '   ' }, /reason/],
      [{ reason: 'x' }, /geometry/],
      [{ geometry: { type: 'Polygon', coordinates: [] }, reason: 'x' }, /geometry/],
      [{ geometry: { type: 'LineString', coordinates: [[116.99, 35.597]] }, reason: 'x' }, /geometry/],
      [{ geometry: { type: 'Point', coordinates: [116.99, 95] }, reason: 'x' }, /geometry/],
      [
        {
          geometry: {
            type: 'LineString',
            coordinates: [
              [116.99, 35.597],
              [116.99, 35.597],
            ],
          },
          reason: 'x',
        },
        /repeats the point/,
      ],
      [{ geometry: line, reason: 'x', until: past }, /until is in the past/],
      [{ geometry: line, reason: 'x', until: 'tomorrow' }, /until/],
      [{ geometry: line, reason: 'x', radiusM: 0 }, /radiusM/],
    ];
    for (const [body, message] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toBe('bad_request');
      expect(res.body.message).toMatch(message);
    }
    expect(await list()).toEqual([]);
  });

  it('DELETE of an unknown or ended closure is 404', async () => {
    expect((await del('RC-none')).status).toBe(404);
    const made = await post({ geometry: line, reason: '施工' });
    expect((await del(made.body.id)).status).toBe(204);
    const again = await del(made.body.id);
    expect(again.status).toBe(404);
    expect(again.body.message).toMatch(/does not exist or has ended/);
  });

  it('expires by itself at until: it leaves the list and the socket hears the new list', async () => {
    const soon = await post({
      geometry: line,
      reason: '临时占道',
      until: new Date(now() + HOUR).toISOString(),
    });
    const later = await post({
      geometry: line,
      reason: '管道维修',
      until: new Date(now() + 3 * HOUR).toISOString(),
    });
    const announced = listen();
    s.clock?.advance(HOUR);
    s.app.tick();
    const after = await announced((ids) => !ids.includes(soon.body.id));
    expect(after.map((c) => c.id)).toEqual([later.body.id]);
    expect(await list()).toEqual([later.body.id]);
    expect((await del(soon.body.id)).status).toBe(404); // run out: nothing to end
    expect((await del(later.body.id)).status).toBe(204);
  });

  it('survives a restart: the closures in force come back and still expire at their until', async () => {
    const at = now();
    const kept = await post({
      geometry: line,
      reason: '路面下沉',
      until: new Date(now() + HOUR).toISOString(),
    });
    socket?.close();
    socket = undefined;
    await s.stop({ keepData: true });
    s = await startServer({ manualClock: true, dataDir: s.dataDir });
    disp = await s.api.login('disp', 'disp-password');
    s.clock?.set(at); // a fresh manual clock starts at wall time: back to where the first one was
    s.app.tick();
    expect(await list()).toEqual([kept.body.id]);
    socket = await connectSocket(s.httpUrl, disp);
    const announced = listen();
    s.clock?.advance(HOUR);
    s.app.tick();
    await announced((ids) => ids.length === 0);
    expect(await list()).toEqual([]);
  });

  it('are described in the OpenAPI document', async () => {
    const doc = await s.api.get<{ paths: Record<string, Record<string, unknown>> }>(
      '/api/openapi.json',
      disp,
    );
    expect(Object.keys(doc.body.paths['/api/road-closures'] ?? {})).toEqual(['get', 'post']);
    expect(Object.keys(doc.body.paths['/api/road-closures/{id}'] ?? {})).toEqual(['delete']);
  });
});
