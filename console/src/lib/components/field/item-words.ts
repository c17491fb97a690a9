// An outbox item in words (the pending list): the step, note or proof it carries.
import { t } from '../../i18n/i18n.svelte';
import type { OutboxItem } from '../../offline/outbox-rules';

const EVENT_KEYS = {
  accept: 'field.item.accept',
  decline: 'field.item.decline',
  depart: 'field.item.depart',
  arrive: 'field.item.arrive',
  resolve: 'field.item.resolve',
  note: 'field.item.note',
} as const;

export function itemText(it: OutboxItem): string {
  const a = it.action;
  if (a.kind === 'attachment') return t(`field.item.${a.attachment}`);
  const type = a.body.type;
  const key = type in EVENT_KEYS ? EVENT_KEYS[type as keyof typeof EVENT_KEYS] : 'field.item.other';
  return a.body.type === 'note' ? `${t(key)} · ${a.body.text}` : t(key);
}
