// How each figure of the monthly report is computed (issue 19 point 5), in Chinese and English, naming
// the timeline entries it is built from. Shown in the JSON's `methods` and the workbook's 说明 sheet.
import type { ReportMethodDto } from '../contracts/dto';
import type { z } from 'zod';

export type ReportMethod = z.infer<typeof ReportMethodDto>;

export const REPORT_METHODS: readonly ReportMethod[] = [
  {
    figure: 'tickets',
    zh: '工单数 = 本月（站点时区 SITE_TZ 的自然月）内 created（建单）时间落在月内的工单数；与 GET /api/stats 同一时段的 total 相同。',
    en: 'Tickets = the tickets whose `created` entry falls in the calendar month (in SITE_TZ); equals GET /api/stats total for the same range.',
  },
  {
    figure: 'reports',
    zh: '报修次数 = 每张工单的首次报修 1 次 + 每条 link（合并报修）记录 1 次。',
    en: 'Reports = 1 for each ticket plus 1 for every `link` entry (a further report joined to it).',
  },
  {
    figure: 'bySource / byCategory / byPriority',
    zh: '按来源、类别、优先级分组：取工单建单时确定、此后不再改变的字段。',
    en: 'By source, category and priority: the fields a ticket is created with, which no later step changes.',
  },
  {
    figure: 'resolved / closed / cancelled / open',
    zh: '状态按时间线逐条回放：close 或（最后一位来电人的）callback 为已关闭，cancel 为已取消，reopen 重新打开；已解决 = 当前一轮有 resolve（解决）。',
    en: 'Status replays the timeline: `close` or the (last caller’s) `callback` closes, `cancel` cancels, `reopen` opens again; resolved = a `resolve` in the current round.',
  },
  {
    figure: 'responseTime',
    zh: '响应时长 = 首次 arrive（到场）时间 − created（建单）时间（改派后再次到场不改变）；reopen（重开）清除此前的到场；中位数与 P90 取最近秩。',
    en: 'Response time = the first `arrive` − `created` (a van arriving after a re-dispatch does not move it); a `reopen` clears earlier arrivals; median and p90 by nearest rank.',
  },
  {
    figure: 'resolutionTime',
    zh: '解决时长 = 最后一次 resolve（解决）时间 − created（建单）时间；reopen（重开）清除此前的解决。',
    en: 'Resolution time = the last `resolve` − `created`; a `reopen` clears earlier resolves.',
  },
  {
    figure: 'sla',
    zh: '超时 = 时间线上 sla_breached（超时）记录所列的时限（响应、解决、回访），每张工单每种时限计一次；超时率 = 有超时的工单 ÷ 工单数。',
    en: 'SLA breaches = the deadlines named by `sla_breached` entries (respond, resolve, callback), once per ticket and deadline; breach rate = tickets with a breach ÷ tickets.',
  },
  {
    figure: 'callbacks',
    zh: '回访次数 = callback（回访）记录数，每位来电人一条；回访工单 = 由回访关闭的工单，其满意度取最后一次 resolve 之后各次回访中最差的一次；满意率 = 满意 ÷ 回访工单。',
    en: 'Callbacks made = `callback` entries, one per caller; callback tickets = those closed by their callback, whose outcome is the worst satisfaction among the callbacks since the last `resolve`; satisfaction rate = satisfied ÷ callback tickets.',
  },
  {
    figure: 'repeatRepairs',
    zh: '返修 = 系统以 repeat_fault（故障复发）原因记录的 reopen；次数计本月内发生的全部（含往月工单），工单数计本月工单中至少返修一次的。',
    en: 'Repeat repairs = `reopen` entries by system with reason repeat_fault; reopens counts those in the month (of any ticket), tickets counts the month’s tickets reopened at least once.',
  },
  {
    figure: 'labour',
    zh: '工时 = 每条 resolve（解决）记录填报的 labourMin 之和（含重开前的维修）；维修次数 = resolve 记录数。',
    en: 'Labour = the sum of labourMin reported on every `resolve` entry (repairs before a reopen too); repairs = `resolve` entries.',
  },
  {
    figure: 'parts',
    zh: '材料费 = 每条 resolve 记录所报材料的 数量 × 单价，按分取整后相加；未填单价的材料计入“未计价”。',
    en: 'Parts cost = qty × unitCostYuan of the parts on every `resolve` entry, each rounded to the fen and summed; lines without a unit cost are counted as uncosted.',
  },
  {
    figure: 'change',
    zh: '环比 = 本月 − 上月，上月按同样方法计算；任一月无值时为空。',
    en: 'Change = this month − the previous month, computed the same way; empty where either month has no value.',
  },
  {
    figure: 'provisional',
    zh: '未结工单 = 生成报表时仍未关闭或取消的本月工单，其数字可能还会变化。',
    en: 'Provisional = tickets of the month still open when the report was generated; their figures may still change.',
  },
  {
    figure: 'basis',
    zh: '依据 = 读取的工单数、时间线记录数和本月审计记录数：每条时间线记录都写明操作人，审计记录保存其背后的请求。',
    en: 'Basis = the tickets, timeline entries and audit entries of the month read: every timeline entry names who made it, and the audit trail holds the request behind it.',
  },
];
