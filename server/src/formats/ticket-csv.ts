// The tickets export (GET /api/tickets.csv): one row per ticket with its times, its van, the proof of
// work (parts, their cost, labour minutes, photos and the signature as links) and the callback. Pure:
// names are looked up by the caller. Headers in zh-CN or English; a cell a spreadsheet would run as a
// formula is quoted with '.
import { partsCost } from '../mappers';
import type { AttachmentRecord, TicketRecord } from '../store/store';
import { safeCell, toCsv } from './csv';

export type ExportLang = 'zh-CN' | 'en';

export interface ExportNames {
  compound(id: string): string | undefined;
  device(id: string): string | undefined;
  van(id: string): string | undefined;
}

const COLUMNS = [
  ['id', '工单号', 'Ticket'],
  ['status', '状态', 'Status'],
  ['priority', '优先级', 'Priority'],
  ['source', '来源', 'Source'],
  ['category', '类别', 'Category'],
  ['description', '描述', 'Description'],
  ['compound', '小区', 'Compound'],
  ['address', '地址', 'Address'],
  ['device', '设备', 'Device'],
  ['van', '车辆', 'Van'],
  ['createdAt', '创建时间', 'Created'],
  ['dispatchedAt', '派单时间', 'Dispatched'],
  ['arrivedAt', '到场时间', 'Arrived'],
  ['resolvedAt', '修复时间', 'Resolved'],
  ['closedAt', '关闭时间', 'Closed'],
  ['slaBreaches', '超时环节', 'SLA breaches'],
  ['parts', '用料', 'Parts'],
  ['partsCostYuan', '用料金额（元）', 'Parts cost (yuan)'],
  ['labourMin', '工时（分钟）', 'Labour (min)'],
  ['before', '维修前照片', 'Before photos'],
  ['after', '维修后照片', 'After photos'],
  ['signature', '居民签字', 'Signature'],
  ['satisfaction', '回访满意度', 'Satisfaction'],
] as const;

type Column = (typeof COLUMNS)[number][0];

const time = (t: number | undefined) => (t === undefined ? '' : new Date(t).toISOString());

/** The attachments of one kind as their download paths, one per line (a cell holds line breaks). */
const links = (list: readonly AttachmentRecord[], kind: AttachmentRecord['kind']) =>
  list
    .filter((a) => a.kind === kind)
    .map((a) => `/api/attachments/${a.id}`)
    .join('\n');

function cells(
  t: TicketRecord,
  attachments: readonly AttachmentRecord[],
  names: ExportNames,
): Record<Column, string> {
  const cost = partsCost(t.parts);
  return {
    id: t.id,
    status: t.status,
    priority: t.priority,
    source: t.source,
    category: t.category,
    description: t.description,
    compound: t.compoundId === undefined ? '' : (names.compound(t.compoundId) ?? t.compoundId),
    address: t.address ?? '',
    device: t.deviceId === undefined ? '' : (names.device(t.deviceId) ?? t.deviceId),
    van: t.vanId === undefined ? '' : (names.van(t.vanId) ?? t.vanId),
    createdAt: time(t.createdAt),
    dispatchedAt: time(t.dispatchedAt),
    arrivedAt: time(t.arrivedAt),
    resolvedAt: time(t.resolvedAt),
    closedAt: time(t.closedAt),
    slaBreaches: (t.slaBreaches ?? []).join(' '),
    parts: (t.parts ?? [])
      .map((p) => `${p.name} ×${p.qty}${p.unitCostYuan === undefined ? '' : ` @${p.unitCostYuan}`}`)
      .join('; '),
    partsCostYuan: cost === undefined ? '' : cost.toFixed(2),
    labourMin: t.labourMin === undefined ? '' : String(t.labourMin),
    before: links(attachments, 'before'),
    after: links(attachments, 'after'),
    signature: links(attachments, 'signature'),
    satisfaction: t.callback?.satisfaction ?? '',
  };
}

/** The whole file: a UTF-8 BOM (spreadsheets need it for Chinese), the header row, a row per ticket. */
export function ticketsCsv(
  tickets: readonly TicketRecord[],
  attachments: ReadonlyMap<string, readonly AttachmentRecord[]>,
  names: ExportNames,
  lang: ExportLang,
): string {
  const header = COLUMNS.map(([, zh, en]) => (lang === 'en' ? en : zh));
  const rows = tickets.map((t) => {
    const c = cells(t, attachments.get(t.id) ?? [], names);
    return COLUMNS.map(([key]) => safeCell(c[key]));
  });
  return '\uFEFF' + toCsv([header, ...rows]);
}
