// The duty roster routes (api.md v1.1 "Escalation"): who may read and write, bad input refused with a
// clear 4xx that changes nothing, and GET /api/duty/now.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shiftAt, DEFAULT_SHIFTS } from '../../server/src/pipeline/duty';
import { startServer, type TestServer } from '../helpers/server';

interface Err {
  error: string;
  message: string;
}

describe('duty roster API', () => {
  let s: TestServer;
  let disp: string;
  let tech: string;
  let viewer: string;
  const put = (path: string, body: unknown, token = s.admin) =>
    s.api.request<Err>('PUT', `/api/duty/roster/${path}`, { token, body });
  const roster = async (q = '') =>
    (await s.api.get<{ entries: unknown[] }>(`/api/duty/roster${q}`, disp)).body.entries;

  beforeAll(async () => {
    s = await startServer();
    disp = await s.api.userToken(s.admin, 'disp', 'dispatcher');
    await s.api.post('/api/vans', { id: 'van-1', name: '1号车' }, s.admin);
    tech = await s.api.userToken(s.admin, 'tech', 'technician', 'van-1');
    viewer = await s.api.userToken(s.admin, 'boss', 'viewer');
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('lets admins write; dispatchers and viewers read; technicians and strangers neither', async () => {
    expect((await put('2026-12-07/day', { members: ['disp'] }, disp)).status).toBe(403);
    expect((await s.api.get('/api/duty/roster', tech)).status).toBe(403);
    expect((await s.api.get('/api/duty/now', tech)).status).toBe(403);
    expect((await s.api.get('/api/duty/now')).status).toBe(401);
    expect((await s.api.get('/api/duty/roster', viewer)).status).toBe(200);
    const ok = await put('2026-12-07/day', {
      members: ['disp', 'tech'],
      supervisor: 'disp',
      manager: 'boss',
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      date: '2026-12-07',
      shiftId: 'day',
      supervisor: 'disp',
      updatedBy: 'admin',
    });
    expect(await roster('?from=2026-12-07&to=2026-12-07')).toHaveLength(1);
  });

  it('refuses bad input with 400 {error, message} and stores nothing', async () => {
    const cases: [string, unknown][] = [
      ['2026-02-30/day', { members: [] }], // no such day
      ['2026-12-08/lunch', { members: [] }], // no such shift
      ['2026-12-08/day', { members: ['nobody'] }],
      ['2026-12-08/day', { members: ['disp', 'disp'] }],
      ['2026-12-08/day', { members: [], supervisor: 'tech' }], // a technician is no supervisor
      ['2026-12-08/day', { members: [], manager: 'ghost' }],
      ['2026-12-08/day', { members: 'disp' }],
      ['2026-12-08/day', { members: [], extra: true }],
    ];
    for (const [path, body] of cases) {
      const res = await put(path, body);
      expect(res.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expect(res.body.error).toBe('bad_request');
      expect(res.body.message.length).toBeGreaterThan(5);
    }
    expect(await roster('?from=2026-12-08&to=2026-12-08')).toEqual([]);
    for (const q of [
      '?from=2026-12-01',
      '?from=2026-12-09&to=2026-12-01',
      '?from=2026-01-01&to=2026-12-31',
      '?from=x&to=y',
    ])
      expect((await s.api.get(`/api/duty/roster${q}`, disp)).status, q).toBe(400);
  });

  it('refuses a disabled user as supervisor', async () => {
    await s.api.userToken(s.admin, 'gone', 'dispatcher');
    await s.api.request('PATCH', '/api/users/gone', { token: s.admin, body: { disabled: true } });
    expect((await put('2026-12-08/night', { members: [], supervisor: 'gone' })).status).toBe(400);
  });

  it('deletes a day-shift; a second delete is 404', async () => {
    expect(
      (await s.api.request('DELETE', '/api/duty/roster/2026-12-07/day', { token: s.admin })).status,
    ).toBe(204);
    expect(
      (await s.api.request<Err>('DELETE', '/api/duty/roster/2026-12-07/day', { token: s.admin })).status,
    ).toBe(404);
    expect((await s.api.request('DELETE', '/api/duty/roster/2026-12-07/day', { token: disp })).status).toBe(
      403,
    );
  });

  it('GET /api/duty/now names the shift on duty, its people and the supervisor on call', async () => {
    const at = shiftAt(Date.now(), 'Asia/Shanghai', DEFAULT_SHIFTS);
    expect(at).toBeDefined();
    if (!at) return;
    const before = (await s.api.get<Record<string, unknown>>('/api/duty/now', disp)).body;
    expect(before).toMatchObject({ timeZone: 'Asia/Shanghai', members: [] });
    expect(before.supervisor).toBeUndefined();
    await put(`${at.date}/${at.shift.id}`, { members: ['disp'], supervisor: 'disp' });
    const now = (await s.api.get<Record<string, unknown>>('/api/duty/now', viewer)).body;
    expect(now).toMatchObject({
      date: at.date,
      shift: { id: at.shift.id },
      members: ['disp'],
      supervisor: 'disp',
    });
  });

  it('lists the shifts of DUTY_SHIFTS (default day 08:00–20:00, night 20:00–08:00)', async () => {
    const shifts = (await s.api.get<{ id: string; start: string; end: string }[]>('/api/duty/shifts', disp))
      .body;
    expect(shifts.map((x) => [x.id, x.start, x.end])).toEqual([
      ['day', '08:00', '20:00'],
      ['night', '20:00', '08:00'],
    ]);
  });
});
