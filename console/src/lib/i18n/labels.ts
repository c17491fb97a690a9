// Labels for values that arrive as plain strings on the wire (a ticket's category is a string in
// TicketDto, so it is narrowed here before it becomes a dictionary key).
import type { z } from 'zod';
import type { CategorySchema } from '../../../../server/src/contracts/dto';
import { t } from './i18n.svelte';

type Category = z.infer<typeof CategorySchema>;
const CATEGORIES: readonly Category[] = ['electrical', 'lighting', 'camera', 'water', 'heating', 'other'];

export function categoryLabel(category: string): string {
  const known = CATEGORIES.find((c) => c === category);
  return known ? t(`category.${known}`) : category;
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
] as const;

/** A timeline entry's type in words (an unknown type is shown as it is). */
export function eventLabel(type: string): string {
  const known = EVENTS.find((e) => e === type);
  return known ? t(`event.${known}`) : type;
}
