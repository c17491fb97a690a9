// /api/incidents — power cuts and the alarms they explain (any role); /api/silences — maintenance
// windows: list (any role), create, preview and end (dispatcher). api.md "Incidents, silences".
import { Router } from 'express';
import {
  CreateSilenceBody,
  IncidentQuery,
  SilenceListQuery,
  SilencePreviewBody,
  type SilencePreviewDto,
} from '../../contracts/dto';
import { alarmDto, gateWhyDto, incidentDto, silenceDto } from '../../mappers';
import type { Services } from '../../services';
import { allow, ANY_ROLE, currentUser } from '../auth';
import { notFound } from '../../errors';
import { parse } from '../../contracts/parse';
import { param } from '../validate';
import { audited } from '../audit';

/** Devices listed by a preview (the count covers them all). */
const PREVIEW_DEVICES = 50;

export function incidentsRouter(s: Services): Router {
  const r = Router();
  r.get('/', allow(...ANY_ROLE), async (req, res) => {
    const q = parse(IncidentQuery, req.query, 'query');
    const list = await s.incidents.list({
      limit: q.limit,
      ...(q.active !== undefined && { active: q.active }),
      ...(q.compoundId !== undefined && { compoundId: q.compoundId }),
    });
    res.json(list.map(incidentDto));
  });
  // Before /:id: the alarms without a ticket of their own and why (held, silenced, grouped, restoring).
  r.get('/withheld', allow(...ANY_ROLE), (_req, res) => {
    res.json(s.incidentGate.withheld().map((w) => ({ alarm: alarmDto(w.alarm), why: gateWhyDto(w.why) })));
  });
  r.get('/:id', allow(...ANY_ROLE), async (req, res) => {
    const id = param(req.params, 'id');
    const found = await s.incidents.get(id);
    if (!found) throw notFound(`incident ${id}`);
    res.json(incidentDto(found));
  });
  return r;
}

export function silencesRouter(s: Services): Router {
  const r = Router();
  r.get('/', allow(...ANY_ROLE), async (req, res) => {
    const q = parse(SilenceListQuery, req.query, 'query');
    res.json((await s.silences.list(q.all === true)).map((x) => silenceDto(x, s.silences.isActive(x))));
  });
  r.post('/', allow('dispatcher'), async (req, res) => {
    const body = parse(CreateSilenceBody, req.body);
    const created = await s.silences.create(body, currentUser(req).username);
    audited(res, 'silence.create', 'silence', created.id, body);
    res.status(201).json(silenceDto(created, s.silences.isActive(created)));
  });
  r.post('/preview', allow('dispatcher'), (req, res) => {
    const { match } = parse(SilencePreviewBody, req.body);
    const p = s.silences.preview(match);
    const out: SilencePreviewDto = {
      deviceCount: p.devices.length,
      devices: p.devices.slice(0, PREVIEW_DEVICES).map((d) => ({
        id: d.rec.id,
        type: d.rec.type,
        ...(d.rec.name !== undefined && { name: d.rec.name }),
      })),
      activeAlarms: p.activeAlarms.map(alarmDto),
    };
    res.json(out);
  });
  r.delete('/:id', allow('dispatcher'), async (req, res) => {
    const ended = await s.silences.end(param(req.params, 'id'), currentUser(req).username);
    audited(res, 'silence.end', 'silence', ended.id);
    res.json(silenceDto(ended, false));
  });
  return r;
}
