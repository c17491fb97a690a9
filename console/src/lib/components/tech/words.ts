// The technician view's numbers and failures in the current language (the rules are in route.ts
// and errors.ts; this only picks the words).
import type { TicketDto } from '../../api/types';
import { formatNumber } from '../../i18n/format';
import { t } from '../../i18n/i18n.svelte';
import { categoryLabel } from '../../i18n/labels';
import { errorMessage, techErrorKind, type TechErrorKind } from './errors';
import { ageParts } from './jobs';
import { distanceParts, etaParts, URBAN_SPEED_KMH } from './route';

export function distanceText(meters: number): string {
  const d = distanceParts(meters);
  return t(d.unit === 'm' ? 'technician.route.m' : 'technician.route.km', { value: formatNumber(d.value) });
}

export function etaText(seconds: number): string | undefined {
  const e = etaParts(seconds);
  if (!e) return undefined;
  return e.unit === 'min'
    ? t('technician.route.etaMin', { minutes: e.minutes })
    : t('technician.route.etaHm', { hours: e.hours, minutes: e.minutes });
}

export const etaHint = (): string => t('technician.route.etaHint', { speed: URBAN_SPEED_KMH });

/** Where a ticket is, in words: compound and address, else its coordinates. */
export function placeText(tk: TicketDto, compoundName: string | undefined): string {
  const words = [compoundName, tk.address].filter(Boolean).join(' · ');
  if (words) return words;
  if (tk.lat !== undefined && tk.lng !== undefined)
    return t('technician.coords', { lat: tk.lat.toFixed(5), lng: tk.lng.toFixed(5) });
  return '';
}

/** The notification and toast texts for a new assignment. */
export function assignmentTexts(
  tk: TicketDto,
  place: string,
): { title: string; body: string; toast: string } {
  const category = categoryLabel(tk.category);
  return {
    title: t('technician.alert.title', { priority: tk.priority, category }),
    body: [place, tk.description].filter(Boolean).join('\n'),
    toast: t('technician.toast', { priority: tk.priority, category, place: place || tk.description }),
  };
}

const ERROR_KEYS = {
  offline: 'technician.error.offline',
  conflict: 'technician.error.conflict',
  'van-busy': 'technician.error.conflict',
  forbidden: 'technician.error.forbidden',
  gone: 'technician.error.gone',
  invalid: 'technician.error.invalid',
  other: 'error.generic',
} as const satisfies Record<TechErrorKind, string>;

/** A failed action in words, and its kind (the caller re-loads the ticket when it is stale). */
export function techError(err: unknown): { kind: TechErrorKind; text: string } {
  const kind = techErrorKind(err, navigator.onLine);
  return { kind, text: t(ERROR_KEYS[kind], { message: errorMessage(err) }) };
}

/** How long ago, in words (ageParts picks the unit). */
export function ageText(ms: number): string {
  const a = ageParts(ms);
  switch (a.unit) {
    case 'now':
      return t('phone.age.now');
    case 'min':
      return t('phone.age.min', { n: a.n });
    case 'h':
      return t('phone.age.h', { h: a.h, m: a.m });
    case 'd':
      return t('phone.age.d', { d: a.d });
  }
}
