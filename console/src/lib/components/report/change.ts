// A figure this month against last month, readable without colour: an arrow, a sign and the size
// of the change ("▲ +12", "▼ −3 min 20 s", "＝ 0"); "—" where either month has no value. Pure: the
// magnitude's words come from the caller (counts, durations, percentage points, yuan).
export type ChangeDirection = 'up' | 'down' | 'same' | 'none';

export interface Change {
  previous: number | null;
  current: number | null;
  delta: number | null;
}

/** Changes smaller than this count as none (floating-point noise in rates and yuan). */
const EPSILON = 1e-9;

export function changeDirection(delta: number | null): ChangeDirection {
  if (delta === null || !Number.isFinite(delta)) return 'none';
  if (Math.abs(delta) < EPSILON) return 'same';
  return delta > 0 ? 'up' : 'down';
}

const ARROW: Record<ChangeDirection, string> = { up: '▲', down: '▼', same: '＝', none: '' };
/** A true minus sign (U+2212), as wide as the plus in tabular figures. */
const SIGN: Record<ChangeDirection, string> = { up: '+', down: '−', same: '', none: '' };

/** The change in words: arrow, sign, and `magnitude(|delta|)`; `empty` when there is none. */
export function formatChange(delta: number | null, magnitude: (abs: number) => string, empty = '—'): string {
  const d = changeDirection(delta);
  if (d === 'none' || delta === null) return empty;
  if (d === 'same') return `${ARROW.same} ${magnitude(0)}`;
  return `${ARROW[d]} ${SIGN[d]}${magnitude(Math.abs(delta))}`;
}

/** A rate's change (0..1 units) as percentage points, one decimal: 0.025 → 2.5. */
export function percentagePoints(abs: number): number {
  return Math.round(abs * 1000) / 10;
}

/** Yuan to the fen: 1234.5 → "1,234.50" in the locale's grouping. */
export function formatYuan(yuan: number, locale: string): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(yuan);
}
