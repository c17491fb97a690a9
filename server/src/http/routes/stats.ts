// GET /api/stats?from=&to= — KPIs over tickets created in the range (default: today, Asia/Shanghai).
import { Router } from 'express';
import { StatsQuery, type StatsDto } from '../../contracts/dto';
import { parse } from '../../contracts/parse';
import type { Services } from '../../services';
import { allow } from '../auth';

export function statsRouter(s: Services): Router {
  const r = Router();
  r.get('/', allow('dispatcher', 'viewer'), async (req, res) => {
    const q = parse(StatsQuery, req.query, 'query');
    const stats = await s.stats.report({
      ...(q.from !== undefined && { from: Date.parse(q.from) }),
      ...(q.to !== undefined && { to: Date.parse(q.to) }),
    });
    const iso = (t: number) => new Date(t).toISOString();
    const body: StatsDto = {
      ...stats,
      from: iso(stats.from),
      to: iso(stats.to),
      generatedAt: iso(stats.generatedAt),
    };
    res.json(body);
  });
  return r;
}
