// /api/vans — register (admin; a van is also an MQTT device of type `van`), list (any role), and a
// van's history for replay: its track and its stops (any role, api.md "Roads, routes and tracks").
import { Router } from 'express';
import { CreateVanBody, TRACK_MAX_POINTS, TrackQuery } from '../../contracts/dto';
import { notFound } from '../../errors';
import type { Services } from '../../services';
import { stopsOf, trackPointDto, trackWindow } from '../../services/tracks';
import { param } from '../validate';
import { allow, ANY_ROLE } from '../auth';
import { parse } from '../../contracts/parse';
import { audited } from '../audit';

export function vansRouter(s: Services): Router {
  const r = Router();
  r.post('/', allow('admin'), async (req, res) => {
    const body = parse(CreateVanBody, req.body);
    const { van, secret } = await s.vans.register(body);
    audited(res, 'van.create', 'van', van.rec.id, body);
    s.bus.emit('registered', { what: 'van', ids: [van.rec.id] });
    res
      .status(201)
      .json({ ...s.vans.dto(van), mqtt: { username: van.rec.id, password: secret, clientId: van.rec.id } });
  });
  r.get('/', allow(...ANY_ROLE), (_req, res) => {
    res.json(s.vans.all().map((v) => s.vans.dto(v)));
  });
  /** The van's positions in the window, oldest first; thinned evenly past TRACK_MAX_POINTS. */
  const track = async (id: string, query: unknown) => {
    if (!s.vans.has(id)) throw notFound(`van '${id}'`);
    const w = trackWindow(parse(TrackQuery, query, 'query'), s.clock.now());
    return s.telemetry.track(id, w.from, w.to, TRACK_MAX_POINTS);
  };
  r.get('/:id/track', allow(...ANY_ROLE), async (req, res) => {
    const t = await track(param(req.params, 'id'), req.query);
    res.setHeader('X-Track-Thinned', String(t.thinned));
    res.json(t.points.map(trackPointDto));
  });
  r.get('/:id/stops', allow(...ANY_ROLE), async (req, res) => {
    const t = await track(param(req.params, 'id'), req.query);
    res.json(stopsOf(t.points));
  });
  return r;
}
