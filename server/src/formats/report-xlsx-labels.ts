// The words of the monthly report's workbook (formats/report-xlsx.ts), in zh-CN and English.
export type ReportLang = 'zh-CN' | 'en';

type Pair = readonly [zh: string, en: string];
const pick = (lang: ReportLang, [zh, en]: Pair) => (lang === 'en' ? en : zh);

const SHEETS = {
  summary: ['汇总', 'Summary'],
  compounds: ['小区', 'Compounds'],
  tickets: ['明细', 'Tickets'],
  methods: ['说明', 'Methods'],
} as const satisfies Record<string, Pair>;

const WORDS = {
  period: ['统计期间', 'Period'],
  generatedAt: ['生成时间', 'Generated at'],
  provisional: ['未结工单', 'Still open'],
  provisionalNote: [
    '张本月工单在生成时仍未结，相关数字可能变化',
    'ticket(s) of the month were still open when this was generated; their figures may change',
  ],
  allSettled: ['本月工单在生成时均已结', 'Every ticket of the month was settled when this was generated'],
  basis: ['依据', 'Basis'],
  basisNote: [
    '张工单，时间线记录 {e} 条，审计记录 {a} 条',
    'tickets, {e} timeline entries, {a} audit entries',
  ],
  figure: ['指标', 'Figure'],
  current: ['本月', 'This month'],
  previous: ['上月', 'Last month'],
  change: ['环比', 'Change'],
  method: ['计算方法', 'How it is computed'],
  unplaced: ['未定位小区', 'No compound'],
  bySource: ['来源', 'Source'],
  byCategory: ['类别', 'Category'],
  byPriority: ['优先级', 'Priority'],
} as const satisfies Record<string, Pair>;

/** The figures of a row of the summary and a column of the compounds sheet. */
export const FIGURE_LABELS = {
  tickets: ['工单数', 'Tickets'],
  reports: ['报修次数', 'Reports'],
  resolved: ['已解决', 'Resolved'],
  closed: ['已关闭', 'Closed'],
  cancelled: ['已取消', 'Cancelled'],
  open: ['未结', 'Open'],
  responseMedian: ['响应时长中位数（分钟）', 'Response median (min)'],
  responseP90: ['响应时长 P90（分钟）', 'Response p90 (min)'],
  resolutionMedian: ['解决时长中位数（分钟）', 'Resolution median (min)'],
  resolutionP90: ['解决时长 P90（分钟）', 'Resolution p90 (min)'],
  breachedTickets: ['超时工单', 'Tickets with an SLA breach'],
  breachRate: ['超时率', 'Breach rate'],
  callbacksMade: ['回访次数', 'Callbacks made'],
  callbackTickets: ['回访工单', 'Tickets closed by callback'],
  satisfied: ['满意', 'Satisfied'],
  neutral: ['一般', 'Neutral'],
  unsatisfied: ['不满意', 'Unsatisfied'],
  satisfactionRate: ['满意率', 'Satisfaction rate'],
  repeatReopens: ['返修次数', 'Repeat-fault reopens'],
  repeatTickets: ['返修工单', 'Tickets repaired again'],
  labourHours: ['工时（小时）', 'Labour (hours)'],
  repairs: ['维修次数', 'Repair visits'],
  partsCostYuan: ['材料费（元）', 'Parts cost (yuan)'],
  uncostedLines: ['未计价材料行', 'Uncosted part lines'],
} as const satisfies Record<string, Pair>;
export type FigureKey = keyof typeof FIGURE_LABELS;

/** The detail sheet's columns. */
export const DETAIL_LABELS = {
  id: ['工单号', 'Ticket'],
  compound: ['小区', 'Compound'],
  source: ['来源', 'Source'],
  category: ['类别', 'Category'],
  priority: ['优先级', 'Priority'],
  created: ['建单时间', 'Created'],
  arrived: ['到场时间', 'Arrived'],
  resolved: ['解决时间', 'Resolved'],
  ended: ['关闭/取消时间', 'Closed / cancelled'],
  status: ['状态', 'Status'],
  responseMin: ['响应（分钟）', 'Response (min)'],
  resolutionMin: ['解决（分钟）', 'Resolution (min)'],
  breaches: ['超时', 'SLA breaches'],
  callbacks: ['回访次数', 'Callbacks'],
  satisfaction: ['满意度', 'Satisfaction'],
  labourMin: ['工时（分钟）', 'Labour (min)'],
  partsCostYuan: ['材料费（元）', 'Parts cost (yuan)'],
} as const satisfies Record<string, Pair>;
export type DetailKey = keyof typeof DETAIL_LABELS;

const VALUES = {
  open: ['未结', 'open'],
  closed: ['已关闭', 'closed'],
  cancelled: ['已取消', 'cancelled'],
  satisfied: ['满意', 'satisfied'],
  neutral: ['一般', 'neutral'],
  unsatisfied: ['不满意', 'unsatisfied'],
  respond: ['响应', 'respond'],
  resolve: ['解决', 'resolve'],
  callback: ['回访', 'callback'],
  hotline: ['热线', 'hotline'],
  alarm: ['告警', 'alarm'],
  grid: ['网格员', 'grid'],
  inspection: ['巡检', 'inspection'],
} as const satisfies Record<string, Pair>;

export function labels(lang: ReportLang) {
  const of = <K extends string>(table: Record<K, Pair>, k: K) => pick(lang, table[k]);
  return {
    sheet: (k: keyof typeof SHEETS) => of(SHEETS, k),
    word: (k: keyof typeof WORDS) => of(WORDS, k),
    figure: (k: FigureKey) => of(FIGURE_LABELS, k),
    detail: (k: DetailKey) => of(DETAIL_LABELS, k),
    /** A known status, satisfaction, deadline or source in words; anything else as it is. */
    value: (v: string) => (v in VALUES ? of(VALUES, v as keyof typeof VALUES) : v),
    title: (month: string) => {
      const [y, m] = [month.slice(0, 4), Number(month.slice(5, 7))];
      if (lang === 'en') {
        const name = new Date(Date.UTC(Number(y), m - 1, 1)).toLocaleString('en', {
          month: 'long',
          timeZone: 'UTC',
        });
        return `Maintenance service report, ${name} ${y}`;
      }
      return `${y}年${m}月 维修服务月报`;
    },
  };
}
export type Labels = ReturnType<typeof labels>;
