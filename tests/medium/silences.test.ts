// Silences through real MQTT (api.md "Silences"): an alarm raised under one carries silenceId and opens
// no ticket; ending the silence — by request, or by closing the ticket it is tied to — opens it.
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SilenceDto, SilencePreviewDto, WithheldAlarmDto } from '../../server/src/contracts/dto';
import { connectDevice, publish, registerDevice } from '../helpers/devices';
import { startServer, type TestServer } from '../helpers/server';

interface Alarm {
  id: string;
  deviceId: string;
  rule: string;
  ticketId?: string;
  silenceId?: string;
}

describe('silences', () => {
  let s: TestServer;
  let disp: string;
  let viewer: string;
  let cam: MqttClient;
  let box: MqttClient;
  let box2: MqttClient;
  let lamp: MqttClient;

  const alarmOf = async (deviceId: string, rule: string) => {
    const res = await s.api.get<Alarm[]>(`/api/alarms?active=true&deviceId=${deviceId}`, s.admin);
    return res.body.find((a) => a.rule === rule);
  };
  const ticketsOf = async (deviceId: string) =>
    (await s.api.get<{ id: string }[]>(`/api/tickets?deviceId=${deviceId}`, s.admin)).body;
  const create = (body: unknown, token = disp) =>
    s.api.post<Record<string, unknown>>('/api/silences', body, token);
  const del = (id: string, token = disp) => s.api.request('DELETE', `/api/silences/${id}`, { token });

  beforeAll(async () => {
    s = await startServer({ manualClock: true, env: { SILENCE_MAX_H: '24', OFFLINE_AFTER_S: '100000' } });
    disp = await s.api.userToken(s.admin, 'disp', 'dispatcher');
    viewer = await s.api.userToken(s.admin, 'view', 'viewer');
    cam = await connectDevice(
      s,
      await registerDevice(s, { id: 'cam-1', type: 'camera', compoundId: 'gongbao' }),
    );
    box = await connectDevice(s, await registerDevice(s, { id: 'box-1', type: 'distribution_box' }));
    box2 = await connectDevice(s, await registerDevice(s, { id: 'box-2', type: 'distribution_box' }));
    lamp = await connectDevice(
      s,
      await registerDevice(s, { id: 'lamp-1', type: 'streetlight', poweredBy: 'box-2' }),
    );
  });
  afterAll(async () => {
    await cam?.endAsync();
    await box?.endAsync();
    await box2?.endAsync();
    await lamp?.endAsync();
    await s?.stop();
  });

  it('refuses a silence that matches nothing, runs too long or names what does not exist', async () => {
    const reason = 'planned maintenance';
    const bad: unknown[] = [
      { match: {}, durationMin: 60, reason },
      { match: { deviceId: 'cam-1' }, durationMin: 24 * 60 + 1, reason },
      {
        match: { deviceId: 'cam-1' },
        startsAt: '2030-01-02T00:00:00Z',
        endsAt: '2030-01-01T00:00:00Z',
        reason,
      },
      { match: { deviceId: 'cam-9' }, durationMin: 60, reason },
      { match: { compoundId: 'nowhere' }, durationMin: 60, reason },
      { match: { type: 'toaster' }, durationMin: 60, reason },
      { match: { type: 'camera', rule: 'breaker_tripped' }, durationMin: 60, reason },
      { match: { rule: 'no_such_rule' }, durationMin: 60, reason },
      { match: { deviceId: 'cam-1' }, durationMin: 60, reason, ticketId: 'T000000-NOPE00' },
      { match: { deviceId: 'cam-1' }, durationMin: 60 },
    ];
    for (const body of bad) expect((await create(body)).status, JSON.stringify(body)).toBe(400);
    expect((await create({ match: { deviceId: 'cam-1' }, durationMin: 60, reason }, viewer)).status).toBe(
      403,
    );
  });

  it('previews what a match covers', async () => {
    const res = await s.api.post('/api/silences/preview', { match: { compoundId: 'gongbao' } }, disp);
    expect(res.status).toBe(200);
    const p = SilencePreviewDto.parse(res.body);
    expect(p).toMatchObject({ deviceCount: 1, devices: [{ id: 'cam-1', type: 'camera' }], activeAlarms: [] });
  });

  it('an alarm raised under a silence has silenceId and no ticket; deleting the silence opens it', async () => {
    const res = await create({
      match: { deviceId: 'cam-1', rule: 'tamper' },
      durationMin: 60,
      reason: 'new housing',
    });
    expect(res.status).toBe(201);
    const silence = SilenceDto.parse(res.body);
    expect(silence).toMatchObject({ active: true, createdBy: 'disp', match: { deviceId: 'cam-1' } });
    const listed = await s.api.get<unknown[]>('/api/silences', viewer);
    expect(listed.body.map((x) => SilenceDto.parse(x).id)).toEqual([silence.id]);

    await publish(cam, 'cam-1', 'telemetry', { tamper: true });
    const a = await alarmOf('cam-1', 'tamper');
    expect(a).toMatchObject({ silenceId: silence.id });
    expect(a?.ticketId).toBeUndefined();
    const withheld = await s.api.get<unknown[]>('/api/incidents/withheld', viewer);
    const [w] = withheld.body.map((x) => WithheldAlarmDto.parse(x));
    expect(withheld.body).toHaveLength(1);
    expect(w?.alarm.id).toBe(a?.id);
    expect(w?.why).toEqual({ code: 'silenced', silenceId: silence.id, until: silence.endsAt });
    s.app.tick();
    expect(await ticketsOf('cam-1')).toEqual([]);

    expect((await del(silence.id, viewer)).status).toBe(403);
    const ended = await del(silence.id);
    expect(ended.status).toBe(200);
    expect(SilenceDto.parse(ended.body)).toMatchObject({ active: false, endedBy: 'disp' });
    const [ticket] = await ticketsOf('cam-1');
    expect(ticket).toBeDefined();
    expect((await alarmOf('cam-1', 'tamper'))?.ticketId).toBe(ticket?.id);
    expect((await del(silence.id)).status).toBe(409);
    expect((await del('S-NOPE')).status).toBe(404);
    expect((await s.api.get<unknown[]>('/api/silences', viewer)).body).toEqual([]);
    const all = await s.api.get<unknown[]>('/api/silences?all=true', viewer);
    expect(all.body.map((x) => SilenceDto.parse(x))).toMatchObject([{ id: silence.id, endedBy: 'disp' }]);
  });

  it('a silence that runs out lets its alarms open their tickets on the next tick', async () => {
    const res = await create({
      match: { deviceId: 'box-1', rule: 'leakage' },
      durationMin: 5,
      reason: 'insulation test',
    });
    const silence = SilenceDto.parse(res.body);
    await publish(box, 'box-1', 'telemetry', { leakage_ma: 45 });
    expect(await alarmOf('box-1', 'leakage')).toMatchObject({ silenceId: silence.id });
    s.clock?.advance(5 * 60_000 - 1);
    s.app.tick();
    expect(await ticketsOf('box-1')).toEqual([]);
    s.clock?.advance(1);
    s.app.tick();
    expect(await ticketsOf('box-1')).toHaveLength(1);
  });

  it('a silence tied to a ticket ends when that ticket is cancelled', async () => {
    const [ticket] = await ticketsOf('box-1');
    const res = await create({
      match: { deviceId: 'box-1' },
      durationMin: 60,
      reason: 'repair',
      ticketId: ticket?.id,
    });
    expect(res.status).toBe(201);
    const silence = SilenceDto.parse(res.body);
    const cancel = await s.api.post(
      `/api/tickets/${ticket?.id}/events`,
      { type: 'cancel', reason: 'duplicate' },
      disp,
    );
    expect(cancel.status).toBe(200);
    const all = await s.api.get<unknown[]>('/api/silences?all=true', disp);
    const after = all.body.map((x) => SilenceDto.parse(x)).find((x) => x.id === silence.id);
    expect(after).toMatchObject({ active: false, endedBy: 'system' });
  });

  it('the OpenAPI document lists the incident and silence endpoints', async () => {
    const doc = await s.api.get<{ paths: Record<string, Record<string, unknown>> }>(
      '/api/openapi.json',
      viewer,
    );
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/incidents',
        '/api/incidents/{id}',
        '/api/silences',
        '/api/silences/preview',
      ]),
    );
    expect(Object.keys(doc.body.paths['/api/silences/{id}'] ?? {})).toEqual(['delete']);
  });

  it('a silenced power cut still groups its lamps; when the silence ends its ticket lists them', async () => {
    const res = await create({ match: { deviceId: 'box-2' }, durationMin: 60, reason: 'rewiring' });
    const silence = SilenceDto.parse(res.body);
    await publish(box2, 'box-2', 'telemetry', { breaker: 'tripped' });
    await publish(lamp, 'lamp-1', 'status', 'offline');
    const cause = await alarmOf('box-2', 'breaker_tripped');
    expect(cause).toMatchObject({ silenceId: silence.id });
    expect(await alarmOf('lamp-1', 'offline')).toMatchObject({ causeAlarmId: cause?.id });

    expect((await del(silence.id)).status).toBe(200);
    const [ticket] = await ticketsOf('box-2');
    expect(ticket).toBeDefined();
    const detail = await s.api.get<{ timeline: { type: string; data: Record<string, unknown> }[] }>(
      `/api/tickets/${ticket?.id}`,
      disp,
    );
    const types = detail.body.timeline.map((e) => e.type);
    expect(types).toEqual(['created', 'alarm_grouped']);
    expect(detail.body.timeline[0]?.data.why).toEqual({ code: 'silence_ended', silenceId: silence.id });
    expect(await ticketsOf('lamp-1')).toEqual([]);
  });
});
