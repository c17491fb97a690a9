// Rates (0..1) as percentages for the screen: "33.3%"; the CSV keeps the decimal.
const cache = new Map<string, Intl.NumberFormat>();

export function formatRate(rate: number | null, locale: string, empty = '—'): string {
  if (rate === null || !Number.isFinite(rate)) return empty;
  let f = cache.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
    cache.set(locale, f);
  }
  return f.format(rate);
}
