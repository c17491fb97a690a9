// Labels for values that arrive as plain strings on the wire. A ticket's category is a string in
// TicketDto: its label comes from the category list in devices/lib/categories.ts, which defines it
// in zh and en (like device types, see registry.ts); an unknown category is shown as it is.
import { categoryLabelOf } from '../../../../devices/lib/categories';
import { i18n, t } from './i18n.svelte';

export function categoryLabel(category: string): string {
  const label = categoryLabelOf(category);
  if (!label) return category;
  return i18n.locale === 'zh-CN' ? label.zh : label.en;
}

const EVENTS = [
  'created',
  'dispatch',
  'accept',
  'decline',
  'depart',
  'arrive',
  'resolve',
  'callback',
  'close',
  'reopen',
  'cancel',
  'note',
  'alarm_raised',
  'alarm_cleared',
  'link',
  'sla_breached',
  'device_verified',
  'alarm_grouped',
  'attachment',
  'escalated',
  'patrol_route',
  'requeued',
] as const;

/** A timeline entry's type in words (an unknown type is shown as it is). */
export function eventLabel(type: string): string {
  const known = EVENTS.find((e) => e === type);
  return known ? t(`event.${known}`) : type;
}
