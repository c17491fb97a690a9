// What every benchmark script shares before anything runs: where the repository is, its command line
// (`--name value` options, `--flag` switches), timed waits, a progress log with the seconds since the
// start, and small number formats used in several reports.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the benchmarks run with it as their working directory). */
export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The value of `--name value` on the command line, if given. */
export function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** `--name value`, or `dflt` when absent or empty. */
export const arg = (name: string, dflt: string): string => argValue(name) || dflt;
export const numArg = (name: string, dflt: number): number => Number(arg(name, String(dflt)));
export const listArg = (name: string, dflt: string): string[] => arg(name, dflt).split(',');
export const flag = (name: string): boolean => process.argv.includes(`--${name}`);

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** Rejects with `what` when `p` has not settled within `ms`. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/** Runs `fn` over `items` with at most `n` at a time. */
export async function inParallel<T>(
  items: T[],
  n: number,
  fn: (item: T, i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}

export type Log = (s: string) => void;

/** `[  12.3 s] message`, on stdout or (for benches whose stdout is the markdown) on stderr. */
export function logger(stream: 'stdout' | 'stderr' = 'stdout'): Log {
  const t0 = Date.now();
  const write = stream === 'stdout' ? console.log : console.error;
  return (s) => write(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${s}`);
}

/** The load average now, as "1.23 0.98 0.50". */
export const loadAvg = (l: number[] = os.loadavg()): string => l.map((x) => x.toFixed(2)).join(' ');

/** 12,345 */
export const int = (n: number): string => Math.round(n).toLocaleString('en-US');
