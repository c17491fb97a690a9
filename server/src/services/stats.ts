// The manager's KPIs over the tickets created in a time range, with the repeat repairs within it
// (GET /api/stats).
import type { Clock } from '../clock';
import { invalid } from '../errors';
import { computeStats, type Stats } from '../pipeline/stats';
import type { CompoundService } from './compounds';
import type { TicketService } from './tickets';

const SHANGHAI_MS = 8 * 3600_000;
/** The longest range one report may cover: it reads every ticket created in it. */
export const STATS_MAX_SPAN_DAYS = 400;

/** Midnight of `t`'s day in Asia/Shanghai (UTC+8, no daylight saving). */
export function startOfShanghaiDay(t: number): number {
  return Math.floor((t + SHANGHAI_MS) / 86_400_000) * 86_400_000 - SHANGHAI_MS;
}

export class StatsService {
  constructor(
    private readonly tickets: Pick<TicketService, 'list' | 'repeatReopens'>,
    private readonly compounds: Pick<CompoundService, 'names'>,
    private readonly clock: Clock,
  ) {}

  /** KPIs over [from, to]; by default from today's midnight (Asia/Shanghai) until now. */
  async report(range: { from?: number; to?: number }): Promise<Stats> {
    const now = this.clock.now();
    const to = range.to ?? now;
    const from = range.from ?? startOfShanghaiDay(now);
    if (from > to) throw invalid('`from` must not be after `to`');
    if (to - from > STATS_MAX_SPAN_DAYS * 86_400_000) {
      throw invalid(`a stats range is at most ${STATS_MAX_SPAN_DAYS} days; ask for a shorter one`);
    }
    const [tickets, reopens] = await Promise.all([
      this.tickets.list({ createdFrom: from, createdTo: to }),
      this.tickets.repeatReopens(from),
    ]);
    return computeStats(tickets, { from, to, now, reopens, compounds: await this.compounds.names() });
  }
}
