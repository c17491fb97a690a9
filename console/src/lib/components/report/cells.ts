// A figure of the report's tables as text, pure (the locale and the word for "no figure" come from
// the caller): counts with grouping, minutes and hours to one decimal, rates as percentages, yuan
// to the fen, the change in tickets as arrow and sign. No figure (an undefined median) is `none`,
// never 0.
import { formatRate } from '../manager/rate';
import { formatChange, formatYuan } from './change';
import type { ColumnKind } from './rows';
import { minutes } from './rows';

const cache = new Map<string, Intl.NumberFormat>();
function number(locale: string, decimals: number): Intl.NumberFormat {
  const key = `${locale}|${decimals}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    cache.set(key, f);
  }
  return f;
}

/** `value` (as the JSON has it: seconds for `minutes`) written for a cell of kind `kind`. */
export function formatCell(kind: ColumnKind, value: number | null, locale: string, none = '—'): string {
  if (value === null || !Number.isFinite(value)) return none;
  switch (kind) {
    case 'count':
      return number(locale, 0).format(value);
    case 'minutes':
      return number(locale, 1).format(minutes(value) ?? 0);
    case 'hours':
      return number(locale, 1).format(value);
    case 'rate':
      return formatRate(value, locale, none);
    case 'yuan':
      return formatYuan(value, locale);
    case 'change':
      return formatChange(value, (abs) => number(locale, 0).format(abs), none);
  }
}
