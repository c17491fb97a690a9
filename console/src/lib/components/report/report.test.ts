import { describe, expect, it } from 'vitest';
import { MonthlyReportDto, REPORT_CHANGE_KEYS } from '../../../../../server/src/contracts/dto';
import { changeDirection, formatChange, formatYuan, percentagePoints } from './change';
import { formatCell } from './cells';
import { addMonths, defaultMonth, monthName, parseMonth, shanghaiMonth } from './month';
import {
  breakdownRows,
  COMPOUND_COLUMNS,
  compoundRows,
  headerCells,
  methodText,
  minutes,
  NAME_WIDTH,
  PRIORITY_ORDER,
  SOURCE_ORDER,
} from './rows';

const figures = {
  tickets: 3,
  reports: 4,
  bySource: { alarm: 1, hotline: 2, grid: 0, inspection: 0 },
  byPriority: { P1: 0, P2: 1, P3: 2, P4: 0 },
  byCategory: { power: 2, water: 1 },
  resolved: 1,
  closed: 1,
  cancelled: 0,
  open: 1,
  responseTime: { count: 2, medianS: 600, p90S: 900, meanS: 750 },
  resolutionTime: { count: 2, medianS: 3600, p90S: 7200, meanS: 5400 },
  sla: { breachedTickets: 1, breachRate: 1 / 3, breaches: { respond: 1, resolve: 0, callback: 0 } },
  callbacks: { made: 2, tickets: 1, satisfied: 1, neutral: 0, unsatisfied: 0, satisfactionRate: 1 },
  repeatRepairs: { reopens: 0, tickets: 0 },
  labour: { minutes: 90, hours: 1.5, repairs: 2 },
  parts: { costYuan: 123.4, lines: 2, uncostedLines: 0 },
};
const change = Object.fromEntries(REPORT_CHANGE_KEYS.map((k) => [k, { previous: 1, current: 3, delta: 2 }]));
/** A report as GET /api/reports/monthly?month=2026-11 sends it. */
const FIXTURE = {
  month: '2026-11',
  from: '2026-10-31T16:00:00.000Z',
  to: '2026-11-30T15:59:59.999Z',
  timeZone: 'Asia/Shanghai',
  generatedAt: '2026-12-01T01:00:00.000Z',
  org: '曲阜红帆物业维修服务有限公司',
  totals: { ...figures, change },
  compounds: [{ ...figures, compoundId: 'c-1', name: '工保小区', change }],
  previousMonth: '2026-10',
  provisional: 1,
  basis: { tickets: 3, timelineEntries: 20, auditEntries: 12 },
  methods: [{ figure: 'tickets', zh: '工单数 = …', en: 'Tickets = …' }],
};

describe('report fixture', () => {
  it('parses with the server contract MonthlyReportDto', () => {
    expect(MonthlyReportDto.parse(FIXTURE).totals.tickets).toBe(3);
  });
});

describe('months in Asia/Shanghai', () => {
  it('defaults to the month before the current one, by the Shanghai calendar', () => {
    expect(defaultMonth(Date.parse('2026-12-07T10:00:00Z'))).toBe('2026-11');
    // 2026-11-30T17:00Z is already 1 December in Shanghai
    expect(defaultMonth(Date.parse('2026-11-30T17:00:00Z'))).toBe('2026-11');
    expect(defaultMonth(Date.parse('2027-01-01T00:00:00+08:00'))).toBe('2026-12');
    expect(shanghaiMonth(Date.parse('2026-11-30T15:59:59Z'))).toBe('2026-11');
  });
  it('moves across year ends', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-11', -13)).toBe('2025-10');
  });
  it('accepts only YYYY-MM', () => {
    expect(parseMonth('2026-11')).toBe('2026-11');
    expect(parseMonth('2026-13')).toBeUndefined();
    expect(parseMonth('2026-1')).toBeUndefined();
    expect(parseMonth(null)).toBeUndefined();
  });
  it('names the month in Chinese and English', () => {
    expect(monthName('2026-11', 'zh-CN')).toBe('2026年11月');
    expect(monthName('2026-11', 'en')).toBe('November 2026');
  });
});

describe('month-over-month change', () => {
  const n = (x: number) => String(x);
  it('shows direction by arrow and sign, not colour', () => {
    expect(formatChange(12, n)).toBe('▲ +12');
    expect(formatChange(-3, n)).toBe('▼ −3');
    expect(formatChange(0, n)).toBe('＝ 0');
    expect(formatChange(null, n, '—')).toBe('—');
    expect(changeDirection(1e-12)).toBe('same');
  });
  it('gives rates in percentage points and yuan to the fen', () => {
    expect(percentagePoints(0.025)).toBe(2.5);
    expect(formatYuan(1234.5, 'en')).toBe('1,234.50');
  });
});

describe('the per-compound table', () => {
  const report = MonthlyReportDto.parse(FIXTURE);
  const col = (id: string) => {
    const c = COMPOUND_COLUMNS.find((x) => x.id === id);
    if (!c) throw new Error(`no column ${id}`);
    return c;
  };

  it('has a row per compound, then the unplaced tickets, then the total', () => {
    const unplaced = {
      ...figures,
      tickets: 1,
      responseTime: { count: 0, medianS: null, p90S: null, meanS: null },
    };
    const rows = compoundRows(MonthlyReportDto.parse({ ...FIXTURE, unplaced }));
    expect(rows.map((r) => [r.id, r.kind, r.name])).toEqual([
      ['c-1', 'compound', '工保小区'],
      ['', 'unplaced', undefined],
      ['*', 'total', undefined],
    ]);
    expect(rows.map((r) => r.ticketsDelta)).toEqual([2, null, 2]);
    // The total row reads the month's totals, the unplaced row its own figures.
    expect(col('tickets').value(rows[2]!)).toBe(3);
    expect(col('responseMedianS').value(rows[1]!)).toBeNull();
    expect(compoundRows(report).map((r) => r.kind)).toEqual(['compound', 'total']);
  });

  it('reads every figure the issue asks for from the JSON, raw', () => {
    const [row] = compoundRows(report);
    const values = Object.fromEntries(COMPOUND_COLUMNS.map((c) => [c.id, c.value(row!)]));
    expect(values).toEqual({
      tickets: 3,
      'source.alarm': 1,
      'source.hotline': 2,
      'source.grid': 0,
      'source.inspection': 0,
      responseMedianS: 600,
      responseP90S: 900,
      resolutionMedianS: 3600,
      resolutionP90S: 7200,
      breaches: 1,
      callbacksMade: 2,
      satisfactionRate: 1,
      repeatRepairs: 0,
      labourHours: 1.5,
      partsCostYuan: 123.4,
      ticketsChange: 2,
    });
  });

  it('groups the two-row header: source, response, resolution and callbacks span their columns', () => {
    const cells = headerCells(COMPOUND_COLUMNS).map((c) =>
      'group' in c ? `${c.group}×${c.span}` : c.column.id,
    );
    expect(cells).toEqual([
      'tickets',
      'source×4',
      'response×2',
      'resolution×2',
      'breaches',
      'callbacks×2',
      'repeatRepairs',
      'labourHours',
      'partsCostYuan',
      'ticketsChange',
    ]);
  });

  it('gives every column a share of the width, the name the rest', () => {
    expect(COMPOUND_COLUMNS.every((c) => c.width > 0)).toBe(true);
    expect(NAME_WIDTH).toBeGreaterThanOrEqual(10);
    expect(NAME_WIDTH + COMPOUND_COLUMNS.reduce((sum, c) => sum + c.width, 0)).toBeCloseTo(100);
  });

  it('writes cells right for each kind, and "—" rather than 0 where there is no figure', () => {
    expect(formatCell('count', 1234, 'zh-CN')).toBe('1,234');
    expect(formatCell('minutes', 600, 'zh-CN')).toBe('10.0');
    expect(formatCell('minutes', 95, 'en')).toBe('1.6');
    expect(formatCell('minutes', null, 'zh-CN')).toBe('—');
    expect(formatCell('rate', 2 / 3, 'en')).toBe('66.7%');
    expect(formatCell('rate', null, 'en', '–')).toBe('–');
    expect(formatCell('hours', 1.25, 'en')).toBe('1.3');
    expect(formatCell('yuan', 71, 'zh-CN')).toBe('71.00');
    expect(formatCell('change', -3, 'en')).toBe('▼ −3');
    expect(formatCell('change', 0, 'en')).toBe('＝ 0');
    expect(formatCell('change', null, 'en')).toBe('—');
    expect(formatCell('count', 0, 'en')).toBe('0');
    expect(minutes(90)).toBe(1.5);
    expect(minutes(null)).toBeNull();
  });
});

describe('the breakdowns by source, category and priority', () => {
  it('keeps the fixed order of sources and priorities, zeros included, with shares', () => {
    expect(breakdownRows(figures.bySource, SOURCE_ORDER)).toEqual([
      { key: 'alarm', n: 1, share: 1 / 3 },
      { key: 'hotline', n: 2, share: 2 / 3 },
      { key: 'grid', n: 0, share: 0 },
      { key: 'inspection', n: 0, share: 0 },
    ]);
    expect(breakdownRows(figures.byPriority, PRIORITY_ORDER).map((r) => r.key)).toEqual([
      'P1',
      'P2',
      'P3',
      'P4',
    ]);
  });
  it('orders categories by count, then by key; an empty month has no shares', () => {
    expect(breakdownRows({ water: 1, power: 2, gas: 1 }).map((r) => r.key)).toEqual([
      'power',
      'gas',
      'water',
    ]);
    expect(breakdownRows({ alarm: 0, hotline: 0 }, ['alarm', 'hotline']).map((r) => r.share)).toEqual([
      null,
      null,
    ]);
  });
});

describe('the methods', () => {
  it('are written in the UI language', () => {
    const [m] = MonthlyReportDto.parse(FIXTURE).methods;
    expect(methodText(m!, 'zh-CN')).toBe('工单数 = …');
    expect(methodText(m!, 'en')).toBe('Tickets = …');
  });
});
