// Open311 GeoReport v2 views of our data (docs/open311.md): the ticket categories as services, a
// ticket as a service request's status. Pure; never the reporter's name or phone.
import { CATEGORIES } from '../../../devices/lib/categories';
import type { Open311ServiceDto, Open311StatusDto } from '../contracts/dto';
import { isOpen } from '../pipeline/lifecycle';
import type { TicketEventRecord, TicketRecord } from '../store/store';

export type Open311Locale = 'zh' | 'en';

const GROUP = { zh: '老旧小区设施报修', en: 'Residential compound repairs' } as const;
const DESCRIPTION = {
  zh: (name: string) => `${name}类故障报修`,
  en: (name: string) => `Report a fault: ${name.toLowerCase()}`,
} as const;

export function open311Services(locale: Open311Locale): Open311ServiceDto[] {
  return CATEGORIES.map((c) => ({
    service_code: c.id,
    service_name: c.label[locale],
    description: DESCRIPTION[locale](c.label[locale]),
    metadata: false,
    type: 'realtime',
    keywords: `${c.id},${c.label.zh},${c.label.en}`,
    group: GROUP[locale],
  }));
}

export function serviceName(code: string, locale: Open311Locale): string {
  return CATEGORIES.find((c) => c.id === code)?.label[locale] ?? code;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The text of the last timeline entry of this type under `key` (the resolve note, the cancel reason). */
function lastText(timeline: readonly TicketEventRecord[], type: string, key: string): string | undefined {
  for (let i = timeline.length - 1; i >= 0; i--) {
    const e = timeline[i];
    if (e?.type !== type) continue;
    const v = e.data[key];
    return typeof v === 'string' ? v : undefined;
  }
  return undefined;
}

/** What the status means to the integrator, in words (zh; the city's hotline reads them to callers). */
function statusNotes(t: TicketRecord, timeline: readonly TicketEventRecord[]): string | undefined {
  const note = lastText(timeline, 'resolve', 'note');
  switch (t.status) {
    case 'cancelled': {
      const why = lastText(timeline, 'cancel', 'reason');
      return why === undefined ? '已撤销' : `已撤销：${why}`;
    }
    case 'closed':
      return note === undefined ? '已办结' : `已办结：${note}`;
    case 'resolved':
      return note === undefined ? '已修复，待回访' : `已修复，待回访：${note}`;
    case 'new':
      return '已受理，待派单';
    default:
      return '维修人员处理中';
  }
}

export function open311Status(
  t: TicketRecord,
  timeline: readonly TicketEventRecord[],
  opts: { locale: Open311Locale; agency: string },
): Open311StatusDto {
  const open = isOpen(t.status);
  const notes = statusNotes(t, timeline);
  return {
    service_request_id: t.id,
    status: open ? 'open' : 'closed',
    ...(notes !== undefined && { status_notes: notes }),
    service_name: serviceName(t.category, opts.locale),
    service_code: t.category,
    description: t.description,
    agency_responsible: opts.agency,
    requested_datetime: iso(t.createdAt),
    updated_datetime: iso(t.updatedAt),
    ...(open && { expected_datetime: iso(t.resolveBy) }),
    ...(t.address !== undefined && { address: t.address }),
    ...(t.lat !== undefined && { lat: t.lat }),
    ...(t.lng !== undefined && { long: t.lng }),
  };
}
