// Latency and duration figures from samples, the two ways the benchmarks rank them: nearest rank
// (the alarm bench: the smallest sample with at least q of all at or below it) and the floor index
// (fan-out, map frames, van driver lag: sorted[⌊q·n⌋]). Each bench keeps the one it always used, so
// its figures stay comparable with its history.

export interface Latency {
  count: number;
  p50Ms?: number;
  p99Ms?: number;
  maxMs?: number;
  meanMs?: number;
}

const r1 = (x: number) => Math.round(x * 10) / 10;

/** Nearest-rank percentiles of a list of milliseconds, rounded to 0.1 ms. */
export function latency(ms: number[]): Latency {
  if (ms.length === 0) return { count: 0 };
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
  return {
    count: s.length,
    p50Ms: r1(at(0.5)),
    p99Ms: r1(at(0.99)),
    maxMs: r1(s.at(-1)!),
    meanMs: r1(s.reduce((a, b) => a + b, 0) / s.length),
  };
}

/** sorted[⌊q·n⌋] of an ascending list (the last one for q near 1), or `empty` for none. */
export function atFloor(sorted: ArrayLike<number>, q: number, empty = NaN): number {
  const n = sorted.length;
  return n === 0 ? empty : (sorted[Math.min(n - 1, Math.floor(q * n))] ?? empty);
}

export interface Percentiles {
  n: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
}

/** Floor-index percentiles of the samples (sorted in place). */
export function percentiles(xs: Float64Array): Percentiles {
  const s = xs.sort();
  const n = s.length;
  let sum = 0;
  for (const x of s) sum += x;
  return {
    n,
    mean: n ? sum / n : NaN,
    p50: atFloor(s, 0.5),
    p90: atFloor(s, 0.9),
    p99: atFloor(s, 0.99),
    p999: atFloor(s, 0.999),
    max: n ? (s[n - 1] ?? NaN) : NaN,
  };
}

/** The median (the mean of the middle two for an even count). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2;
}
