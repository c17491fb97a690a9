// The manager page's figures in the current UI language: the pure formatters with the words of
// the manager dictionary (durations, rates, counts; "—" where there is no figure).
import { formatNumber } from '../../i18n/format';
import { i18n, t } from '../../i18n/i18n.svelte';
import type { ValueKind } from './charts';
import { formatSeconds } from './duration';
import { formatRate } from './rate';

export const showDuration = (seconds: number | null): string =>
  formatSeconds(seconds, (p) => t(`manager.unit.${p.unit}`, { n: p.n }), t('manager.none'));

export const showRate = (rate: number | null): string => formatRate(rate, i18n.locale, t('manager.none'));

export const showCount = (n: number | null): string => (n === null ? t('manager.none') : formatNumber(n));

export function showValue(kind: ValueKind | 'text', value: number | string | null): string {
  if (typeof value === 'string') return value === '' ? t('manager.none') : value;
  if (kind === 'duration') return showDuration(value);
  if (kind === 'rate') return showRate(value);
  return showCount(value);
}
