// /api/road-closures (api.md v1.1 "Roads, routes and tracks"): the closures in force (any role); create
// and end one (dispatcher; admin always passes). Routes and dispatch avoid the roads within them.
import { Router } from 'express';
import { CreateRoadClosureBody } from '../../contracts/dto';
import { parse } from '../../contracts/parse';
import { roadClosureDto } from '../../mappers';
import type { Services } from '../../services';
import { audited } from '../audit';
import { ANY_ROLE, allow, currentUser } from '../auth';
import { param } from '../validate';

export function roadClosuresRouter(s: Services): Router {
  const r = Router();
  r.get('/', allow(...ANY_ROLE), (_req, res) => {
    res.json(s.roadClosures.inForce().map(roadClosureDto));
  });
  r.post('/', allow('dispatcher'), async (req, res) => {
    const body = parse(CreateRoadClosureBody, req.body);
    const created = await s.roadClosures.create(body, currentUser(req).username);
    audited(res, 'road_closure.create', 'road_closure', created.id, body);
    res.status(201).json(roadClosureDto(created));
  });
  r.delete('/:id', allow('dispatcher'), async (req, res) => {
    const id = param(req.params, 'id');
    await s.roadClosures.end(id, currentUser(req).username);
    audited(res, 'road_closure.end', 'road_closure', id);
    res.status(204).end();
  });
  return r;
}
