// /api/devices — register (admin), list and inspect (any role), history, commands (dispatcher).
import { Router } from 'express';
import { CommandBody, CreateDeviceBody, DeviceQuery, TelemetryQuery } from '../../contracts/dto';
import { alarmDto, deviceDto } from '../../contracts/mappers';
import { commandId } from '../../pipeline/ids';
import type { Services } from '../../services';
import { allow, ANY_ROLE } from '../auth';
import { HttpError, notFound } from '../errors';
import { param, parse } from '../validate';

const DAY = 24 * 3600_000;

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
    res.status(201).json({
      ...deviceDto(device.rec, device.st),
      mqtt: { username: device.rec.id, password: secret, clientId: device.rec.id },
    });
  });

  r.get('/', allow(...ANY_ROLE), (req, res) => {
    const q = parse(DeviceQuery, req.query, 'query');
    const out = [];
    for (const d of s.devices.all()) {
      if (q.type && d.rec.type !== q.type) continue;
      if (q.compoundId && d.rec.compoundId !== q.compoundId) continue;
      if (q.status && d.st.status !== q.status) continue;
      out.push(deviceDto(d.rec, d.st));
    }
    res.json(out);
  });

  r.get('/:id', allow(...ANY_ROLE), (req, res) => {
    const d = find(param(req.params, 'id'));
    res.json({ ...deviceDto(d.rec, d.st), alarms: s.alarms.activeFor(d.rec.id).map(alarmDto) });
  });

  r.get('/:id/telemetry', allow(...ANY_ROLE), async (req, res) => {
    const d = find(param(req.params, 'id'));
    const q = parse(TelemetryQuery, req.query, 'query');
    if (!d.type.metricKeys.has(q.metric)) {
      throw new HttpError(
        400,
        'bad_request',
        `a ${d.rec.type} has no metric '${q.metric}'; use one of: ${[...d.type.metricKeys].join(', ')}`,
      );
    }
    const to = q.to ? Date.parse(q.to) : s.clock.now();
    const from = q.from ? Date.parse(q.from) : to - DAY;
    if (from > to) throw new HttpError(400, 'bad_request', '`from` must not be after `to`');
    await s.queue.flush();
    const points = await s.store.queryTelemetry(d.rec.id, q.metric, from, to);
    res.json({
      deviceId: d.rec.id,
      metric: q.metric,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      points: points.map((p) => ({ ...p, ts: new Date(p.ts).toISOString() })),
    });
  });

  r.post('/:id/commands', allow('dispatcher'), (req, res) => {
    const d = find(param(req.params, 'id'));
    const body = parse(CommandBody, req.body);
    const now = s.clock.now();
    const id = commandId(now);
    const connected = s.mqtt.sendCommand(d.rec.id, { id, name: body.name, args: body.args });
    s.metrics.commandsSent.inc();
    res
      .status(202)
      .json({ id, deviceId: d.rec.id, name: body.name, sentAt: new Date(now).toISOString(), connected });
  });
  return r;
}
