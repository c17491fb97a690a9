import { describe, expect, it } from 'vitest';
import { MonthlyReportDto, REPORT_CHANGE_KEYS } from '../../../../../server/src/contracts/dto';
import { changeDirection, formatChange, formatYuan, percentagePoints } from './change';
import { addMonths, defaultMonth, monthName, parseMonth, shanghaiMonth } from './month';

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
