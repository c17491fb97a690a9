// The monthly report as a workbook (GET /api/reports/monthly?format=xlsx): 汇总 (the header and the
// totals with the month-over-month change), 小区 (a chart-ready table, one row per compound), 明细 (one
// row per ticket, so an auditor can add the totals up again) and 说明 (how each figure is computed).
// Numbers are number cells with number formats; text is always a text cell (never a formula, so a
// name beginning with = stays a name). Times are the site's wall time (SITE_TZ).
import ExcelJS from 'exceljs';
import type { MonthlyReportDto, ReportFiguresDto } from '../contracts/dto';
import type { TicketFacts } from '../pipeline/report-fold';
import { zoneOffsetMs } from '../pipeline/report-period';
import { labels, type DetailKey, type FigureKey, type Labels, type ReportLang } from './report-xlsx-labels';

type Cell = string | number | Date | null;
const FMT = {
  count: '0',
  min: '0.0',
  rate: '0.0%',
  yuan: '#,##0.00',
  hours: '0.00',
  time: 'yyyy-mm-dd hh:mm',
};

/** Each figure: its value in a report's figures, and its cell format. */
const FIGURES: readonly [FigureKey, (f: ReportFiguresDto) => number | null, string][] = [
  ['tickets', (f) => f.tickets, FMT.count],
  ['reports', (f) => f.reports, FMT.count],
  ['resolved', (f) => f.resolved, FMT.count],
  ['closed', (f) => f.closed, FMT.count],
  ['cancelled', (f) => f.cancelled, FMT.count],
  ['open', (f) => f.open, FMT.count],
  ['responseMedian', (f) => min(f.responseTime.medianS), FMT.min],
  ['responseP90', (f) => min(f.responseTime.p90S), FMT.min],
  ['resolutionMedian', (f) => min(f.resolutionTime.medianS), FMT.min],
  ['resolutionP90', (f) => min(f.resolutionTime.p90S), FMT.min],
  ['breachedTickets', (f) => f.sla.breachedTickets, FMT.count],
  ['breachRate', (f) => f.sla.breachRate, FMT.rate],
  ['callbacksMade', (f) => f.callbacks.made, FMT.count],
  ['callbackTickets', (f) => f.callbacks.tickets, FMT.count],
  ['satisfied', (f) => f.callbacks.satisfied, FMT.count],
  ['neutral', (f) => f.callbacks.neutral, FMT.count],
  ['unsatisfied', (f) => f.callbacks.unsatisfied, FMT.count],
  ['satisfactionRate', (f) => f.callbacks.satisfactionRate, FMT.rate],
  ['repeatReopens', (f) => f.repeatRepairs.reopens, FMT.count],
  ['repeatTickets', (f) => f.repeatRepairs.tickets, FMT.count],
  ['labourHours', (f) => f.labour.hours, FMT.hours],
  ['repairs', (f) => f.labour.repairs, FMT.count],
  ['partsCostYuan', (f) => f.parts.costYuan, FMT.yuan],
  ['uncostedLines', (f) => f.parts.uncostedLines, FMT.count],
];
/** The summary rows that have a month-over-month change, by the change's key. */
const CHANGE_OF: Partial<Record<FigureKey, keyof MonthlyReportDto['totals']['change']>> = {
  tickets: 'tickets',
  responseMedian: 'responseMedianS',
  resolutionMedian: 'resolutionMedianS',
  breachRate: 'breachRate',
  satisfactionRate: 'satisfactionRate',
  labourHours: 'labourHours',
  partsCostYuan: 'partsCostYuan',
};
const IN_SECONDS = new Set(['responseMedianS', 'resolutionMedianS']);

function min(s: number | null | undefined): number | null {
  return s === null || s === undefined ? null : Math.round((s / 60) * 10) / 10;
}

/** A text cell stays text: exceljs writes a string as a string, never as a formula. */
function set(cell: ExcelJS.Cell, v: Cell, numFmt?: string): void {
  cell.value = v;
  if (numFmt && v !== null && typeof v !== 'string') cell.numFmt = numFmt;
}

function summary(wb: ExcelJS.Workbook, r: MonthlyReportDto, l: Labels, wall: (iso: string) => Date): void {
  const ws = wb.addWorksheet(l.sheet('summary'));
  ws.columns = [{ width: 34 }, { width: 16 }, { width: 16 }, { width: 16 }];
  set(ws.getCell('A1'), r.org);
  ws.getCell('A1').font = { bold: true, size: 16 };
  set(ws.getCell('A2'), l.title(r.month));
  ws.getCell('A2').font = { bold: true, size: 14 };
  set(ws.getCell('A3'), l.word('period'));
  set(ws.getCell('B3'), wall(r.from), FMT.time);
  set(ws.getCell('C3'), wall(r.to), FMT.time);
  set(ws.getCell('D3'), r.timeZone);
  set(ws.getCell('A4'), l.word('generatedAt'));
  set(ws.getCell('B4'), wall(r.generatedAt), FMT.time);
  set(ws.getCell('A5'), l.word('provisional'));
  set(ws.getCell('B5'), r.provisional, FMT.count);
  set(ws.getCell('C5'), r.provisional > 0 ? l.word('provisionalNote') : l.word('allSettled'));
  set(ws.getCell('A6'), l.word('basis'));
  set(ws.getCell('B6'), r.basis.tickets, FMT.count);
  const basis = l.word('basisNote');
  set(
    ws.getCell('C6'),
    basis.replace('{e}', String(r.basis.timelineEntries)).replace('{a}', String(r.basis.auditEntries)),
  );
  const head = ws.getRow(8);
  [l.word('figure'), l.word('current'), l.word('previous'), l.word('change')].forEach((h, i) =>
    set(head.getCell(i + 1), h),
  );
  head.font = { bold: true };
  let row = 9;
  for (const [key, value, fmt] of FIGURES) {
    const x = ws.getRow(row++);
    set(x.getCell(1), l.figure(key));
    set(x.getCell(2), value(r.totals), fmt);
    const ck = CHANGE_OF[key];
    if (ck) {
      const c = r.totals.change[ck];
      const conv = (v: number | null) => (IN_SECONDS.has(ck) ? min(v) : v);
      set(x.getCell(3), conv(c.previous), fmt);
      set(x.getCell(4), conv(c.delta), fmt);
    }
  }
  row += 1;
  const groups: [string, Record<string, number>][] = [
    [l.word('bySource'), r.totals.bySource],
    [l.word('byPriority'), r.totals.byPriority],
    [l.word('byCategory'), r.totals.byCategory],
  ];
  for (const [title, counts] of groups) {
    for (const [k, n] of Object.entries(counts)) {
      const x = ws.getRow(row++);
      set(x.getCell(1), `${title}: ${l.value(k)}`);
      set(x.getCell(2), n, FMT.count);
    }
  }
}

function compounds(wb: ExcelJS.Workbook, r: MonthlyReportDto, l: Labels): void {
  const ws = wb.addWorksheet(l.sheet('compounds'), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: 'ID', width: 12 },
    { header: l.detail('compound'), width: 24 },
    ...FIGURES.map(([k]) => ({ header: l.figure(k), width: 14 })),
  ];
  ws.getRow(1).font = { bold: true };
  const rows: [string, string, ReportFiguresDto][] = r.compounds.map((c) => [c.compoundId, c.name, c]);
  if (r.unplaced) rows.push(['', l.word('unplaced'), r.unplaced]);
  rows.forEach(([id, name, f], i) => {
    const x = ws.getRow(i + 2);
    set(x.getCell(1), id);
    set(x.getCell(2), name);
    FIGURES.forEach(([, value, fmt], j) => set(x.getCell(j + 3), value(f), fmt));
  });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: FIGURES.length + 2 } };
}

const DETAIL: readonly [DetailKey, number][] = [
  ['id', 22],
  ['compound', 20],
  ['source', 10],
  ['category', 14],
  ['priority', 8],
  ['created', 17],
  ['arrived', 17],
  ['resolved', 17],
  ['ended', 17],
  ['status', 10],
  ['responseMin', 12],
  ['resolutionMin', 12],
  ['breaches', 14],
  ['callbacks', 10],
  ['satisfaction', 10],
  ['labourMin', 12],
  ['partsCostYuan', 12],
];

function details(
  wb: ExcelJS.Workbook,
  r: MonthlyReportDto,
  facts: readonly TicketFacts[],
  l: Labels,
  wall: (t: number) => Date,
) {
  const ws = wb.addWorksheet(l.sheet('tickets'), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = DETAIL.map(([k, width]) => ({ header: l.detail(k), width }));
  ws.getRow(1).font = { bold: true };
  const names = new Map(r.compounds.map((c) => [c.compoundId, c.name]));
  const at = (t: number | undefined) => (t === undefined ? null : wall(t));
  const span = (t: number | undefined, from: number) => (t === undefined ? null : min((t - from) / 1000));
  facts.forEach((f, i) => {
    const cells: [Cell, string?][] = [
      [f.id],
      [f.compoundId === undefined ? '' : (names.get(f.compoundId) ?? f.compoundId)],
      [l.value(f.source)],
      [f.category],
      [f.priority],
      [at(f.createdAt), FMT.time],
      [at(f.arrivedAt), FMT.time],
      [at(f.resolvedAt), FMT.time],
      [at(f.endedAt), FMT.time],
      [l.value(f.status)],
      [span(f.arrivedAt, f.createdAt), FMT.min],
      [span(f.resolvedAt, f.createdAt), FMT.min],
      [f.breaches.map((b) => l.value(b)).join(', ')],
      [f.callbacksMade, FMT.count],
      [f.outcome === undefined ? '' : l.value(f.outcome)],
      [f.labourMin, FMT.count],
      [f.partsFen / 100, FMT.yuan],
    ];
    const x = ws.getRow(i + 2);
    cells.forEach(([v, fmt], j) => set(x.getCell(j + 1), v, fmt));
  });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: DETAIL.length } };
}

function methods(wb: ExcelJS.Workbook, r: MonthlyReportDto, l: Labels, lang: ReportLang): void {
  const ws = wb.addWorksheet(l.sheet('methods'));
  ws.columns = [
    { header: l.word('figure'), width: 30 },
    { header: l.word('method'), width: 100 },
  ];
  ws.getRow(1).font = { bold: true };
  r.methods.forEach((m, i) => {
    const x = ws.getRow(i + 2);
    set(x.getCell(1), m.figure);
    set(x.getCell(2), lang === 'en' ? m.en : m.zh);
    x.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  });
}

/** The workbook's bytes. */
export async function reportWorkbook(
  r: MonthlyReportDto,
  facts: readonly TicketFacts[],
  lang: ReportLang,
): Promise<Buffer> {
  const l = labels(lang);
  const wall = (t: number) => new Date(t + zoneOffsetMs(t, r.timeZone));
  const wb = new ExcelJS.Workbook();
  wb.creator = r.org;
  wb.created = new Date(Date.parse(r.generatedAt));
  summary(wb, r, l, (iso) => wall(Date.parse(iso)));
  compounds(wb, r, l);
  details(wb, r, facts, l, wall);
  methods(wb, r, l, lang);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
