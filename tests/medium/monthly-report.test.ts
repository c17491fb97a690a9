// GET /api/reports/monthly (issue 19) on the month of monthly-report-scenario.ts: its figures equal
// GET /api/stats for the same range, figure by figure, and its labour and parts are the sums reported
// at resolve.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MonthlyReportDto, StatsDto } from '../../server/src/contracts/dto';
import { startMonth, type Month } from './monthly-report-scenario';

describe('GET /api/reports/monthly', () => {
  let m: Month;
  beforeAll(async () => {
    m = await startMonth();
  });
  afterAll(async () => {
    await m?.stop();
  });
  const get = async (month: string, token = m.disp) =>
    m.s.api.get(`/api/reports/monthly?month=${month}`, token);

  it('answers the contract, for a dispatcher, a viewer and an admin; a technician may not', async () => {
    for (const token of [m.disp, m.viewer, m.s.admin]) {
      const res = await get('2026-10', token);
      expect(res.status).toBe(200);
      expect(MonthlyReportDto.strict().safeParse(res.body).error).toBeUndefined();
    }
    expect((await get('2026-10', m.tech)).status).toBe(403);
  });

  it('refuses a malformed month, a month not yet begun and an unknown format with 400', async () => {
    for (const q of [
      'month=2026-13',
      'month=10-2026',
      'month=2026-12',
      'month=0050-01',
      'month=2026-10&format=pdf',
      'month=2026-10&lang=fr',
    ]) {
      const res = await m.s.api.get(`/api/reports/monthly?${q}`, m.disp);
      expect(res.status, q).toBe(400);
      expect(res.body).toMatchObject({
        error: expect.any(String) as string,
        message: expect.any(String) as string,
      });
    }
  });

  it('counts the month in SITE_TZ, and its figures equal GET /api/stats for the same range', async () => {
    const report = MonthlyReportDto.parse((await get('2026-10')).body);
    expect(report).toMatchObject({
      month: '2026-10',
      from: '2026-09-30T16:00:00.000Z',
      to: '2026-10-31T15:59:59.999Z',
      timeZone: 'Asia/Shanghai',
      previousMonth: '2026-09',
    });
    const res = await m.s.api.get(`/api/stats?from=${report.from}&to=${report.to}`, m.disp);
    const stats = StatsDto.parse(res.body);
    const t = report.totals;
    expect(t.tickets).toBe(stats.total);
    expect(t.bySource).toEqual(stats.bySource);
    expect(t.byCategory).toEqual(stats.byCategory);
    expect(t.byPriority).toEqual(stats.byPriority);
    for (const k of ['responseTime', 'resolutionTime'] as const) {
      expect({ count: t[k].count, meanS: t[k].meanS, p90S: t[k].p90S }).toEqual(stats[k]);
    }
    expect(t.sla).toEqual(stats.sla);
    const { made: _made, tickets, ...outcome } = t.callbacks;
    expect({ count: tickets, ...outcome }).toEqual(stats.callback);
    expect(t.repeatRepairs).toEqual(stats.repeatRepairs);
    expect(t.closed + t.cancelled + t.open).toBe(stats.total);
    expect(t.cancelled).toBe(stats.byStatus.cancelled);
    expect(t.closed).toBe(stats.byStatus.closed);
    expect(report.compounds.map((c) => c.compoundId)).toEqual(stats.perCompound.map((c) => c.compoundId));
    for (const c of report.compounds) {
      const sc = stats.perCompound.find((x) => x.compoundId === c.compoundId);
      expect({
        total: c.tickets,
        open: c.open,
        meanResponseS: c.responseTime.meanS,
        breachRate: c.sla.breachRate,
        satisfactionRate: c.callbacks.satisfactionRate,
        repeatRepairs: c.repeatRepairs,
      }).toEqual({
        total: sc?.total,
        open: sc?.open,
        meanResponseS: sc?.meanResponseS,
        breachRate: sc?.breachRate,
        satisfactionRate: sc?.satisfactionRate,
        repeatRepairs: sc?.repeatRepairs,
      });
    }
  });

  it('adds up the hand-computed month: labour and parts as reported, callbacks per caller, the change', async () => {
    const report = MonthlyReportDto.parse((await get('2026-10')).body);
    const t = report.totals;
    expect(t).toMatchObject({
      tickets: 6,
      reports: 7,
      bySource: { hotline: 4, grid: 1, alarm: 1, inspection: 0 },
      resolved: 3,
      closed: 3,
      cancelled: 1,
      open: 2,
      // H1 10, H3 41, H4 60 minutes (the arrival after the reopen; A1's was cleared by its reopen)
      responseTime: { count: 3, medianS: 2460, p90S: 3600 },
      // H3 waited past 35 min; H5 and the reopened A1 are still waiting in November
      sla: { breachedTickets: 3, breaches: { respond: 3 } },
      // H1 satisfied, H4 unsatisfied then satisfied after the reopen: 3 made, 2 tickets, both satisfied
      callbacks: { made: 3, tickets: 2, satisfied: 2, unsatisfied: 0, satisfactionRate: 1 },
      repeatRepairs: { reopens: 1, tickets: 1 },
      labour: { minutes: 25 + 15 + 40 + 10 + 20, hours: 1.83, repairs: 5 },
      parts: { costYuan: 191, lines: 3, uncostedLines: 1 },
    });
    expect(report.provisional).toBe(2);
    expect(report.unplaced).toMatchObject({ tickets: 1, reports: 2, open: 1 });
    expect(t.change.tickets).toEqual({ previous: 2, current: 6, delta: 4 });
    expect(t.change.labourHours).toEqual({ previous: 0.5, current: 1.83, delta: 1.33 });
    expect(t.change.partsCostYuan).toEqual({ previous: 0, current: 191, delta: 191 });
    expect(report.compounds.find((c) => c.compoundId === 'c1')?.change.satisfactionRate).toEqual({
      previous: 0,
      current: 1,
      delta: 1,
    });
    expect(report.basis.tickets).toBe(6);
    expect(report.basis.timelineEntries).toBeGreaterThan(30);
    expect(report.basis.auditEntries).toBeGreaterThan(20);
    expect(report.methods.map((m) => m.figure)).toContain('responseTime');
  });
});
