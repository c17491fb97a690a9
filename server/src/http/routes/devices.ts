// /api/devices — register, rotate a secret, decommission (admin), list and inspect (any role), history,
// commands (dispatcher; only those the device's type declares, with valid arguments; a technician
// only the safe ones, to the device of an open ticket of their own van).
import express, { Router, type Request } from 'express';
import { CommandBody, CreateDeviceBody, DeviceQuery, TelemetryQuery } from '../../contracts/dto';
import { alarmDto, deviceDto } from '../../mappers';
import { commandId } from '../../pipeline/ids';
import type { Services } from '../../services';
import { allow, ANY_ROLE, currentUser } from '../auth';
import { conflict, invalid, notFound } from '../../errors';
import { checkCommand } from '../../pipeline/command-check';
import { OPEN_STATUSES } from '../../pipeline/lifecycle';
import { techMayReach, techMaySend, type TechCommandCheck } from '../../pipeline/tech-command';
import { HttpError } from '../errors';
import { parse } from '../../contracts/parse';
import { param } from '../validate';
import { audited } from '../audit';
import { toCsv } from '../../formats/csv';
import { checkRows, rowsFromCsv, rowsFromJson, type ImportRow } from '../../services/device-import';

const DAY = 24 * 3600_000;
/** Body limit of the bulk import only (the rest of the API keeps 256 KB): ~5,000 rows fit well. */
export const IMPORT_BODY_LIMIT = '2mb';
export const IMPORT_PATH = '/api/devices/import';

function importRows(req: Request): ImportRow[] {
  if (req.is('text/csv') && typeof req.body === 'string') return rowsFromCsv(req.body);
  if (req.is('application/json')) return rowsFromJson(req.body);
  throw new HttpError(
    415,
    'unsupported_media_type',
    'send Content-Type: application/json with {"devices": [...]}, or text/csv with a header row',
  );
}

export function devicesRouter(s: Services): Router {
  const r = Router();
  const find = (id: string) => {
    const d = s.devices.get(id);
    if (!d) throw notFound(`device ${id}`);
    return d;
  };

  r.post('/', allow('admin'), async (req, res) => {
    const body = parse(CreateDeviceBody, req.body);
    const { device, secret } = await s.devices.register(body, s.clock.now());
    audited(res, 'device.register', 'device', device.rec.id, body);
    s.bus.emit('registered', { what: 'device', ids: [device.rec.id] });
    res.status(201).json({
      ...deviceDto(device.rec, device.st),
      mqtt: { username: device.rec.id, password: secret, clientId: device.rec.id },
    });
  });

  // Bulk registration, all or nothing. The body is read only after the role check.
  r.post(
    '/import',
    allow('admin'),
    express.json({ limit: IMPORT_BODY_LIMIT }),
    express.text({ type: 'text/csv', limit: IMPORT_BODY_LIMIT }),
    async (req, res) => {
      const rows = checkRows(importRows(req), (f, earlier) => s.devices.problems(f, earlier));
      const created = await s.devices.registerMany(rows, s.clock.now());
      audited(res, 'device.import', 'device', undefined, { ids: created.map((c) => c.device.rec.id) });
      s.bus.emit('registered', { what: 'device', ids: created.map((c) => c.device.rec.id) });
      const devices = created.map(({ device: { rec }, secret }) => ({
        id: rec.id,
        type: rec.type,
        mqtt: { username: rec.id, password: secret, clientId: rec.id },
      }));
      res.status(201).set('cache-control', 'no-store');
      if (req.accepts(['text/csv', 'application/json']) === 'application/json') {
        res.json({ count: devices.length, devices });
        return;
      }
      const header = ['id', 'type', 'username', 'password', 'clientId'];
      const lines = devices.map((d) => [d.id, d.type, d.mqtt.username, d.mqtt.password, d.mqtt.clientId]);
      res.type('text/csv; charset=utf-8');
      res.set('content-disposition', 'attachment; filename="redsail-device-credentials.csv"');
      res.send(toCsv([header, ...lines]));
    },
  );

  r.get('/', allow(...ANY_ROLE), (req, res) => {
    const q = parse(DeviceQuery, req.query, 'query');
    const out = [];
    for (const d of s.devices.all()) {
      if (q.type && d.rec.type !== q.type) continue;
      if (q.compoundId && d.rec.compoundId !== q.compoundId) continue;
      if (q.status && d.st.status !== q.status) continue;
      if (d.rec.decommissionedAt !== undefined && !q.all) continue;
      out.push(deviceDto(d.rec, d.st));
    }
    res.json(out);
  });

  r.get('/:id', allow(...ANY_ROLE), async (req, res) => {
    const id = param(req.params, 'id');
    const d = (await s.devices.current(id)) ?? find(id);
    res.json({ ...deviceDto(d.rec, d.st), alarms: s.alarms.activeFor(d.rec.id).map(alarmDto) });
  });

  r.get('/:id/telemetry', allow(...ANY_ROLE), async (req, res) => {
    const d = find(param(req.params, 'id'));
    const q = parse(TelemetryQuery, req.query, 'query');
    const to = q.to ? Date.parse(q.to) : s.clock.now();
    const from = q.from ? Date.parse(q.from) : to - DAY;
    const { points, next } = await s.telemetry.history(d, q.metric, from, to, q.limit);
    res.json({
      deviceId: d.rec.id,
      metric: q.metric,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      points: points.map((p) => ({ ...p, ts: new Date(p.ts).toISOString() })),
      ...(next !== undefined && { next: new Date(next).toISOString() }),
    });
  });

  const refuse = (c: TechCommandCheck) => {
    if (!c.ok) throw new HttpError(403, 'forbidden', c.message);
  };
  r.post('/:id/commands', allow('dispatcher', 'technician'), async (req, res) => {
    const user = currentUser(req);
    const tech = user.role === 'technician';
    const deviceId = param(req.params, 'id');
    if (tech) {
      const status = [...OPEN_STATUSES];
      const open = user.vanId ? await s.tickets.list({ vanId: user.vanId, deviceId, status, limit: 1 }) : [];
      refuse(techMayReach(user.vanId, open.length));
    }
    const d = find(deviceId);
    const body = parse(CommandBody, req.body);
    if (d.rec.decommissionedAt !== undefined) throw conflict(`device ${d.rec.id} is decommissioned`);
    const checked = checkCommand(d.rec.type, d.type.def.commands, body.name, body.args);
    if (!checked.ok) throw invalid(checked.message, { allowed: checked.allowed });
    if (tech) refuse(techMaySend(checked.command));
    const { disruptive } = checked.command;
    const now = s.clock.now();
    const id = commandId(now);
    const connected = await s.mqtt.sendCommand(d.rec.id, { id, name: body.name, args: checked.args });
    s.metrics.commandsSent.inc();
    audited(res, 'device.command', 'device', d.rec.id, {
      commandId: id,
      name: body.name,
      args: checked.args,
      disruptive,
    });
    res.status(202).json({
      id,
      deviceId: d.rec.id,
      name: body.name,
      sentAt: new Date(now).toISOString(),
      connected,
      disruptive,
    });
  });

  // A new secret: the old one is refused from now on, and the live connection (on any node) is dropped.
  r.post('/:id/secret', allow('admin'), async (req, res) => {
    const id = param(req.params, 'id');
    const secret = await s.devices.rotateSecret(id);
    await s.mqtt.drop(id);
    audited(res, 'device.secret', 'device', id);
    res.set('cache-control', 'no-store');
    res.json({ mqtt: { username: id, password: secret, clientId: id } });
  });

  // Decommissioning: connects refused, the connection dropped, active alarms cleared; history stays.
  r.delete('/:id', allow('admin'), async (req, res) => {
    const id = param(req.params, 'id');
    const now = s.clock.now();
    const d = await s.devices.decommission(id, now);
    await s.mqtt.drop(id);
    await s.alarms.clearDevice(id, 'decommissioned', req.user?.username ?? 'system', now);
    audited(res, 'device.decommission', 'device', id);
    res.json(deviceDto(d.rec, d.st));
  });
  return r;
}
