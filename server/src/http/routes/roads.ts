// GET /api/route (api.md v1.1 "Roads, routes and tracks"): the road route between two points, any
// logged-in role. Without a road network (no ROADS_FILE) there is no route over the roads: 404 no_route
// saying so, rather than a straight line the contract does not promise.
import { Router } from 'express';
import { RouteQuery, type RouteDto } from '../../contracts/dto';
import { parse } from '../../contracts/parse';
import { DomainError } from '../../errors';
import type { Services } from '../../services';
import { allow, ANY_ROLE } from '../auth';

const noRoute = (message: string) => new DomainError('not_found', 'no_route', message);

export function routeRouter(s: Services): Router {
  const r = Router();
  r.get('/route', allow(...ANY_ROLE), (req, res) => {
    const q = parse(RouteQuery, req.query, 'query');
    if (!s.roads) {
      throw noRoute('there is no road network: the server was started without ROADS_FILE');
    }
    const route = s.roads.route(q.from, q.to);
    if (!route) {
      throw noRoute(
        'no road joins these points (each must be within 2 km of a road, and the roads between them open)',
      );
    }
    const dto: RouteDto = {
      distance_m: Math.round(route.distanceM),
      duration_s: Math.round(route.durationS),
      geometry: { type: 'LineString', coordinates: route.coordinates },
    };
    res.json(dto);
  });
  return r;
}
