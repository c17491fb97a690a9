// GET /api/stats?from=&to= — KPIs over tickets created in the range (default: today, Asia/Shanghai).
import { Router } from 'express';
import { StatsQuery, type StatsDto } from '../../contracts/dto';
import { computeStats } from '../../pipeline/stats';
import type { Services } from '../../services';
import { allow } from '../auth';
import { HttpError } from '../errors';
import { parse } from '../../contracts/parse';

const SHANGHAI_MS = 8 * 3600_000;

/** Midnight of `t`'s day in Asia/Shanghai (UTC+8, no daylight saving). */
export function startOfShanghaiDay(t: number): number {
  return Math.floor((t + SHANGHAI_MS) / 86_400_000) * 86_400_000 - SHANGHAI_MS;
}

export function statsRouter(s: Services): Router {
  const r = Router();
  r.get('/', allow('dispatcher', 'viewer'), async (req, res) => {
    const q = parse(StatsQuery, req.query, 'query');
    const now = s.clock.now();
    const to = q.to ? Date.parse(q.to) : now;
    const from = q.from ? Date.parse(q.from) : startOfShanghaiDay(now);
    if (from > to) throw new HttpError(400, 'bad_request', '`from` must not be after `to`');
    const tickets = await s.tickets.list({ createdFrom: from, createdTo: to });
    const names = new Map((await s.store.listCompounds()).map((c) => [c.id, c.name]));
    const stats = computeStats(tickets, { from, to, now, compounds: names });
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
