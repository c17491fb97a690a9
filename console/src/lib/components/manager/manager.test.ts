// The manager page's pure pieces: periods in Asia/Shanghai, human durations, CSV (BOM, quoting,
// formula guard), table sorting and CSV rows, chart building, who may see the page.
import { describe, expect, it } from 'vitest';
import { managerEn, managerZh } from '../../i18n/features/manager';
import { en } from '../../i18n/en';
import type { MessageKey } from '../../i18n/zh-CN';
import { canSeeManager } from './access';
import { barFraction, buildCharts, scaleMax, truncateLabel } from './charts';
import { COMPOUND_COLUMNS, csvTable, nextSort, sortRows, VAN_COLUMNS, type CompoundRow } from './columns';
import { BOM, csvField, csvFilename, toCsv } from './csv';
import { durationParts, formatSeconds, type DurationPart } from './duration';
import {
  customRange,
  parseShanghaiDate,
  presetRange,
  rangeDates,
  rangeQuery,
  shanghaiDate,
  startOfShanghaiDay,
} from './period';
import { formatRate } from './rate';
import type { StatsDto } from './stats-dto';

const unitIn =
  (dict: Record<`manager.unit.${DurationPart['unit']}`, string>) =>
  (p: DurationPart): string =>
    dict[`manager.unit.${p.unit}`].replace('{n}', String(p.n));

describe('periods (Asia/Shanghai days)', () => {
  // 2026-11-25 09:30 in Shanghai is 01:30 UTC; 2026-11-25 07:00 in Shanghai is still 11-24 23:00 UTC.
  const NOW = Date.parse('2026-11-25T01:30:00Z');
  const EARLY = Date.parse('2026-11-24T23:00:00Z');

  it('starts a day at Shanghai midnight (16:00 UTC the day before)', () => {
    expect(new Date(startOfShanghaiDay(NOW)).toISOString()).toBe('2026-11-24T16:00:00.000Z');
    expect(shanghaiDate(EARLY)).toBe('2026-11-25');
    expect(new Date(startOfShanghaiDay(EARLY)).toISOString()).toBe('2026-11-24T16:00:00.000Z');
  });

  it('today is the whole Shanghai day, both ends inclusive', () => {
    expect(rangeQuery(presetRange('today', NOW))).toEqual({
      from: '2026-11-24T16:00:00.000Z',
      to: '2026-11-25T15:59:59.999Z',
    });
  });

  it('yesterday, the last 7 and 30 days count whole days ending today (yesterday)', () => {
    expect(rangeQuery(presetRange('yesterday', NOW))).toEqual({
      from: '2026-11-23T16:00:00.000Z',
      to: '2026-11-24T15:59:59.999Z',
    });
    expect(rangeDates(presetRange('7d', NOW))).toEqual({ first: '2026-11-19', last: '2026-11-25' });
    expect(rangeDates(presetRange('30d', NOW))).toEqual({ first: '2026-10-27', last: '2026-11-25' });
  });

  it('custom ranges take real dates in order, else nothing', () => {
    expect(rangeQuery(customRange('2026-11-01', '2026-11-03') ?? { from: 0, to: 0 })).toEqual({
      from: '2026-10-31T16:00:00.000Z',
      to: '2026-11-03T15:59:59.999Z',
    });
    expect(customRange('2026-11-03', '2026-11-01')).toBeUndefined();
    expect(customRange('2026-02-30', '2026-03-01')).toBeUndefined();
    expect(customRange('', '2026-03-01')).toBeUndefined();
    expect(parseShanghaiDate('2026-11-25T00:00')).toBeUndefined();
    expect(customRange('2026-11-25', '2026-11-25')).toEqual(presetRange('today', NOW));
  });
});

describe('durations for people', () => {
  const zh = unitIn(managerZh);
  const english = unitIn(managerEn);

  it('names the two largest units, in either language', () => {
    expect(formatSeconds(750, zh)).toBe('12 分 30 秒');
    expect(formatSeconds(750, english)).toBe('12 min 30 s');
    expect(formatSeconds(7_500, zh)).toBe('2 小时 5 分');
    expect(formatSeconds(3 * 86_400 + 4 * 3_600 + 59, english)).toBe('3 d 4 h');
    expect(formatSeconds(45, english)).toBe('45 s');
  });

  it('drops a zero second unit, rounds to whole seconds, keeps zero and null readable', () => {
    expect(formatSeconds(3_600, zh)).toBe('1 小时');
    expect(formatSeconds(3_630, english)).toBe('1 h');
    expect(formatSeconds(59.6, english)).toBe('1 min');
    expect(formatSeconds(0.2, english)).toBe('0 s');
    expect(formatSeconds(null, english)).toBe('—');
    expect(formatSeconds(null, english, 'n/a')).toBe('n/a');
    expect(durationParts(-90)).toEqual([
      { unit: 'min', n: 1 },
      { unit: 's', n: 30 },
    ]);
  });
});

describe('rates', () => {
  it('shows a share as a percentage with at most one decimal', () => {
    expect(formatRate(1 / 3, 'en')).toBe('33.3%');
    expect(formatRate(0.5, 'zh-CN')).toBe('50%');
    expect(formatRate(null, 'en')).toBe('—');
  });
});

describe('CSV', () => {
  it('starts with a BOM, ends lines with CRLF, writes numbers as they are', () => {
    const csv = toCsv(
      ['小区', '工单数', '超时率'],
      [
        ['工保小区', 2, 0.5],
        ['c2', 0, null],
      ],
    );
    expect(csv.startsWith(BOM)).toBe(true);
    expect(csv).toBe(`${BOM}小区,工单数,超时率\r\n工保小区,2,0.5\r\nc2,0,\r\n`);
    expect(new TextEncoder().encode(csv).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });

  it('quotes commas, quotes and line breaks', () => {
    expect(csvField('东区, 家属院')).toBe('"东区, 家属院"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('a\nb')).toBe('"a\nb"');
    expect(csvField('plain')).toBe('plain');
  });

  it('defuses text a spreadsheet would run as a formula, not negative numbers', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-2')).toBe("'-2");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tx')).toBe("'\tx");
    expect(csvField(-2)).toBe('-2');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(undefined)).toBe('');
  });

  it('names files by table and days', () => {
    expect(csvFilename('compounds', '2026-11-25', '2026-11-25')).toBe(
      'redsail-stats-compounds-2026-11-25.csv',
    );
    expect(csvFilename('vans', '2026-11-19', '2026-11-25')).toBe(
      'redsail-stats-vans-2026-11-19_2026-11-25.csv',
    );
  });
});

const compounds: CompoundRow[] = [
  {
    compoundId: 'c1',
    name: '工保小区',
    total: 2,
    open: 0,
    meanResponseS: 1650,
    breachRate: 0.5,
    satisfactionRate: 1,
    repeatRepairs: { reopens: 0, tickets: 0 },
  },
  {
    compoundId: 'c2',
    name: '曲阜镇家属院',
    total: 1,
    open: 1,
    meanResponseS: null,
    breachRate: 0,
    satisfactionRate: null,
    repeatRepairs: { reopens: 0, tickets: 0 },
  },
  {
    compoundId: 'c3',
    total: 3,
    open: 2,
    meanResponseS: 600,
    breachRate: 0,
    satisfactionRate: 0.5,
    repeatRepairs: { reopens: 1, tickets: 1 },
  },
];
const col = (key: string) => {
  const c = COMPOUND_COLUMNS.find((x) => x.key === key);
  if (!c) throw new Error(key);
  return c;
};
const ids = (rows: CompoundRow[]) => rows.map((r) => r.compoundId);

describe('tables', () => {
  it('sorts figures high-to-low first, then flips; text A–Z first', () => {
    const total = nextSort(undefined, col('total'));
    expect(total).toEqual({ key: 'total', dir: 'desc' });
    expect(ids(sortRows(compounds, COMPOUND_COLUMNS, total))).toEqual(['c3', 'c1', 'c2']);
    const flipped = nextSort(total, col('total'));
    expect(flipped).toEqual({ key: 'total', dir: 'asc' });
    expect(ids(sortRows(compounds, COMPOUND_COLUMNS, flipped))).toEqual(['c2', 'c1', 'c3']);
    expect(nextSort(flipped, col('name'))).toEqual({ key: 'name', dir: 'asc' });
  });

  it('keeps empty cells last in either direction and ties in the given order', () => {
    const asc = sortRows(compounds, COMPOUND_COLUMNS, { key: 'meanResponseS', dir: 'asc' });
    const desc = sortRows(compounds, COMPOUND_COLUMNS, { key: 'meanResponseS', dir: 'desc' });
    expect(ids(asc)).toEqual(['c3', 'c1', 'c2']);
    expect(ids(desc)).toEqual(['c1', 'c3', 'c2']);
    expect(ids(sortRows(compounds, COMPOUND_COLUMNS, { key: 'name', dir: 'desc' })).at(-1)).toBe('c3');
    expect(ids(sortRows(compounds, COMPOUND_COLUMNS, { key: 'breachRate', dir: 'asc' }))).toEqual([
      'c2',
      'c3',
      'c1',
    ]);
    expect(ids(sortRows(compounds, COMPOUND_COLUMNS, undefined))).toEqual(['c1', 'c2', 'c3']);
  });

  it('gives CSV headers in the UI language (seconds named) and the raw figures', () => {
    const label = (k: MessageKey) => en[k];
    const table = csvTable(COMPOUND_COLUMNS, compounds, label);
    expect(table.header).toEqual([
      'Compound ID',
      'Compound',
      'Tickets',
      'Open',
      'Mean response (s)',
      'Breach rate',
      'Satisfaction',
    ]);
    expect(table.rows[0]).toEqual(['c1', '工保小区', 2, 0, 1650, 0.5, 1]);
    expect(table.rows[2]).toEqual(['c3', null, 3, 2, 600, 0, 0.5]);
    const vans = csvTable(
      VAN_COLUMNS,
      [{ vanId: 'van-1', name: '1号车', total: 2, resolved: 1, meanResponseS: 12.5, meanResolutionS: null }],
      (k) => managerZh[k as keyof typeof managerZh],
    );
    expect(vans.header).toEqual([
      '车辆编号',
      '车辆名称',
      '工单数',
      '已处理',
      '平均响应时长（秒）',
      '平均处理时长（秒）',
    ]);
    expect(vans.rows).toEqual([['van-1', '1号车', 2, 1, 12.5, null]]);
  });
});

const STATS: StatsDto = {
  from: '2026-11-24T16:00:00.000Z',
  to: '2026-11-25T15:59:59.999Z',
  generatedAt: '2026-11-25T02:00:00.000Z',
  total: 3,
  byStatus: {
    new: 1,
    dispatched: 0,
    accepted: 0,
    en_route: 0,
    on_site: 0,
    resolved: 1,
    closed: 0,
    cancelled: 1,
  },
  byPriority: { P1: 1, P2: 2, P3: 0, P4: 0 },
  bySource: { alarm: 0, hotline: 3, grid: 0, inspection: 0 },
  byCategory: { electrical: 2, unknown_kind: 1 },
  responseTime: { count: 1, meanS: 600, p90S: 600 },
  resolutionTime: { count: 1, meanS: 1200, p90S: 1200 },
  sla: { breachedTickets: 1, breachRate: 1 / 3, breaches: { respond: 1, resolve: 0, callback: 0 } },
  callback: { count: 0, satisfied: 0, neutral: 0, unsatisfied: 0, satisfactionRate: null },
  repeatRepairs: { reopens: 0, tickets: 0 },
  perCompound: compounds.slice(0, 2),
  perVan: [{ vanId: 'van-1', total: 1, resolved: 1, meanResponseS: 600, meanResolutionS: 1200 }],
};

describe('charts', () => {
  const labels = {
    t: (k: MessageKey) => en[k],
    category: (c: string) => (c === 'electrical' ? 'Electrical' : c),
    van: (id: string) => (id === 'van-1' ? 'Van one' : id),
  };
  const charts = buildCharts(STATS, labels);
  const chart = (id: string) => {
    const c = charts.find((x) => x.id === id);
    if (!c) throw new Error(id);
    return c;
  };

  it('draws every breakdown, with every priority, status and source present', () => {
    expect(charts.map((c) => c.id)).toEqual([
      'priority',
      'status',
      'source',
      'category',
      'compound-tickets',
      'compound-breach',
      'van-response',
      'van-resolution',
    ]);
    expect(chart('priority').items.map((i) => [i.key, i.label, i.value, i.tone])).toEqual([
      ['P1', en['priority.P1'], 1, 'prio-P1'],
      ['P2', en['priority.P2'], 2, 'prio-P2'],
      ['P3', en['priority.P3'], 0, 'prio-P3'],
      ['P4', en['priority.P4'], 0, 'prio-P4'],
    ]);
    expect(chart('status').items).toHaveLength(8);
    expect(chart('source').items.find((i) => i.key === 'hotline')?.value).toBe(3);
  });

  it('labels categories, compounds (name, else id) and vans', () => {
    expect(chart('category').items.map((i) => [i.key, i.label, i.value])).toEqual([
      ['electrical', 'Electrical', 2],
      ['unknown_kind', 'unknown_kind', 1],
    ]);
    expect(chart('compound-breach').items.map((i) => [i.label, i.value])).toEqual([
      ['工保小区', 0.5],
      ['曲阜镇家属院', 0],
    ]);
    expect(chart('van-resolution').items).toEqual([{ key: 'van-1', label: 'Van one', value: 1200 }]);
  });

  it('scales rates to 1 and counts to their largest value; clamps bars', () => {
    expect(scaleMax('rate', chart('compound-breach').items)).toBe(1);
    expect(scaleMax('count', chart('priority').items)).toBe(2);
    expect(scaleMax('count', [])).toBe(1);
    expect(barFraction(1, 2)).toBe(0.5);
    expect(barFraction(null, 2)).toBe(0);
    expect(barFraction(5, 2)).toBe(1);
  });

  it('cuts long labels by display width', () => {
    expect(truncateLabel('short', 10)).toBe('short');
    expect(truncateLabel('曲阜镇家属院', 12)).toBe('曲阜镇家属院');
    expect(truncateLabel('曲阜镇家属院东区', 12)).toBe('曲阜镇家属…');
    expect(truncateLabel('abcdefghijkl', 8)).toBe('abcdefg…');
  });
});

describe('who sees the manager page', () => {
  it('dispatchers, viewers and admins; not technicians or nobody', () => {
    expect(canSeeManager('dispatcher')).toBe(true);
    expect(canSeeManager('viewer')).toBe(true);
    expect(canSeeManager('admin')).toBe(true);
    expect(canSeeManager('technician')).toBe(false);
    expect(canSeeManager(undefined)).toBe(false);
  });
});
