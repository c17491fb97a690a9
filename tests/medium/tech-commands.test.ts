// A technician's commands (issue 20 point 4): only safe ones, only to the device of an open ticket
// of their own van; disruptive ones stay with the dispatcher. Real server, real MQTT.
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditSince, newestAuditId } from '../helpers/audit';
import { connectDevice, registerDevice } from '../helpers/devices';
import { startServer, type TestServer } from '../helpers/server';
import { addVan, type TestVan } from '../helpers/vans';

const SITE = { lat: 35.6, lng: 116.98 };

describe('technician commands', () => {
  let s: TestServer;
  let disp: string;
  let tech: string;
  let other: string;
  let van: TestVan;
  let box: MqttClient;
  let ticketId: string;

  const command = (id: string, name: string, token: string) =>
    s.api.post<{ error?: string; message?: string; disruptive?: boolean }>(
      `/api/devices/${id}/commands`,
      { name },
      token,
    );

  beforeAll(async () => {
    s = await startServer();
    disp = await s.api.userToken(s.admin, 'disp', 'dispatcher');
    tech = await s.api.userToken(s.admin, 'tech', 'technician', 'van-1');
    other = await s.api.userToken(s.admin, 'tech-2', 'technician', 'van-2');
    van = await addVan(s, 'van-1', '一号车', SITE.lat, SITE.lng);
    box = await connectDevice(s, await registerDevice(s, { id: 'box-t', type: 'distribution_box', ...SITE }));
    await registerDevice(s, { id: 'box-u', type: 'distribution_box', ...SITE });
    const created = await s.api.post<{ id: string; vanId?: string }>(
      '/api/tickets',
      { category: 'electrical', description: '配电箱跳闸', deviceId: 'box-t', ...SITE },
      disp,
    );
    expect(created.status).toBe(201);
    ticketId = created.body.id;
    const t = await s.api.get<{ vanId?: string; status: string }>(`/api/tickets/${ticketId}`, disp);
    expect(t.body).toMatchObject({ vanId: 'van-1', status: 'dispatched' });
  });
  afterAll(async () => {
    await box?.endAsync();
    await van?.client.endAsync();
    await s?.stop();
  });

  it("sends a safe command to the device of their van's open ticket, audited", async () => {
    const since = await newestAuditId(s);
    const res = await command('box-t', 'report_now', tech);
    expect(res.status).toBe(202);
    expect(res.body.disruptive).toBe(false);
    const added = await auditSince(s, since);
    expect(added).toEqual([
      expect.objectContaining({ action: 'device.command', entityId: 'box-t', actor: 'tech' }),
    ]);
  });

  it('a disruptive command is refused to the technician and left to the dispatcher', async () => {
    const res = await command('box-t', 'reset_breaker', tech);
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/reset_breaker.*dispatcher/);
    expect((await command('box-t', 'reset_breaker', disp)).status).toBe(202);
  });

  it('another device, another van, and a closed ticket are refused', async () => {
    const since = await newestAuditId(s);
    expect((await command('box-u', 'report_now', tech)).status).toBe(403);
    expect((await command('box-t', 'report_now', other)).status).toBe(403);
    expect((await command('nope', 'report_now', tech)).status).toBe(403);
    const cancel = await s.api.post(
      `/api/tickets/${ticketId}/events`,
      { type: 'cancel', reason: '误报' },
      disp,
    );
    expect(cancel.status).toBe(200);
    const after = await command('box-t', 'report_now', tech);
    expect(after.status).toBe(403);
    expect(after.body.message).toMatch(/open ticket/);
    // Only the dispatcher's cancel was recorded: no refused command was.
    expect((await auditSince(s, since)).map((e) => e.action)).toEqual(['ticket.event']);
  });
});
