// The monthly subsidy report (issue 19): the tickets created in the month (SITE_TZ) and the month
// before, each folded from its timeline as recorded now (pipeline/report-fold.ts), into the figures of
// pipeline/monthly-report.ts, with the audit entries of the month counted as the report's basis.
import type { Clock } from '../clock';
import type { MonthlyReportDto } from '../contracts/dto';
import { invalid } from '../errors';
import { monthlyFigures, type MonthFacts } from '../pipeline/monthly-report';
import { foldTicket, type TicketFacts } from '../pipeline/report-fold';
import { REPORT_METHODS } from '../pipeline/report-methods';
import { monthPeriod, type ReportPeriod } from '../pipeline/report-period';
import type { Store, TicketRecord } from '../store/store';
import type { AuditService } from './audit';
import type { CompoundService } from './compounds';
import type { TicketService } from './tickets';

export interface ReportDeps {
  tickets: Pick<TicketService, 'list' | 'repeatReopens'>;
  store: Pick<Store, 'getTimeline'>;
  compounds: Pick<CompoundService, 'names'>;
  audit: Pick<AuditService, 'list'>;
  clock: Clock;
  timeZone: string;
  org: string;
}

/** The report and the folded facts of its month's tickets (the workbook's detail sheet), by id. */
export interface MonthlyReport {
  report: MonthlyReportDto;
  details: TicketFacts[];
}

/** Earlier months hold no tickets (and a two-digit year would read as 19xx). */
const EARLIEST_MONTH = '2000-01';

/** Timelines read at once: enough to keep the store busy, few enough not to swamp a PG pool. */
const READ_BATCH = 32;

export class ReportService {
  constructor(private readonly d: ReportDeps) {}

  async monthly(month: string): Promise<MonthlyReport> {
    const now = this.d.clock.now();
    if (month < EARLIEST_MONTH) throw invalid(`ask for a month from ${EARLIEST_MONTH} on`);
    const period = monthPeriod(month, this.d.timeZone);
    if (period.from > now) throw invalid(`${month} has not begun yet; ask for this month or an earlier one`);
    const previous = monthPeriod(period.previousMonth, this.d.timeZone);
    const [reopens, names, audit] = await Promise.all([
      this.d.tickets.repeatReopens(previous.from),
      this.d.compounds.names(),
      this.d.audit.list({ from: period.from, to: period.to }),
    ]);
    const within = (p: ReportPeriod) => reopens.filter((r) => r.at >= p.from && r.at <= p.to);
    const cur = await this.facts(period);
    const prev = await this.facts(previous);
    const current: MonthFacts = { facts: cur, reopens: within(period) };
    const figures = monthlyFigures(current, { facts: prev, reopens: within(previous) }, names);
    const iso = (t: number) => new Date(t).toISOString();
    const report: MonthlyReportDto = {
      month,
      from: iso(period.from),
      to: iso(period.to),
      timeZone: this.d.timeZone,
      generatedAt: iso(now),
      org: this.d.org,
      ...figures,
      previousMonth: period.previousMonth,
      basis: {
        tickets: cur.length,
        timelineEntries: cur.reduce((s, f) => s + f.entries, 0),
        auditEntries: audit.length,
      },
      methods: [...REPORT_METHODS],
    };
    return { report, details: cur };
  }

  /** The month's tickets folded from their timelines, by id. */
  private async facts(p: ReportPeriod): Promise<TicketFacts[]> {
    const tickets = await this.d.tickets.list({ createdFrom: p.from, createdTo: p.to });
    tickets.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const out: TicketFacts[] = [];
    for (let i = 0; i < tickets.length; i += READ_BATCH) {
      const batch = tickets.slice(i, i + READ_BATCH);
      const timelines = await Promise.all(batch.map((t) => this.d.store.getTimeline(t.id)));
      batch.forEach((t, j) => out.push(foldTicket(identity(t), timelines[j] ?? [])));
    }
    return out;
  }
}

function identity(t: TicketRecord) {
  return {
    id: t.id,
    source: t.source,
    category: t.category,
    priority: t.priority,
    createdAt: t.createdAt,
    ...(t.compoundId !== undefined && { compoundId: t.compoundId }),
  };
}
