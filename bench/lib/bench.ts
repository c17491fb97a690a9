// How a benchmark script runs: from the repository root, with a temp dir, a watchdog and signal
// handling, each part (a scenario on its own server) in a scope whose teardown runs right after it,
// and the bench-wide teardown at the end. Whatever hangs (a server that never comes up, a child that
// never answers), the script ends within its budget: the watchdog (exit 2) or SIGINT / SIGTERM (130 /
// 143) tears down what runs, gives the body up to 20 s to unwind, calls `onFail` so the bench can
// still hand over what it measured, kills any helper process of ours left over, and exits.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Cleanup } from '../../scripts/lib/cleanup';
import { REPO, sleep, type Log } from './common';
import { childPids } from './proc-cpu';

export { Cleanup };

export interface Bench {
  /** A temp dir for this run, removed at the end. */
  readonly tmp: string;
  readonly log: Log;
  /** The bench-wide teardown, run last. */
  readonly cleanup: Cleanup;
  /** Why the bench is stopping (watchdog, signal), if it is: start nothing new. */
  aborted(): string | undefined;
  /** Sleeps `ms`; throws (within 250 ms) once the bench is stopping. */
  nap(ms: number): Promise<void>;
  /** Runs one part with its own Cleanup, torn down right after it, whether it succeeds or throws. */
  scope<T>(name: string, fn: (cleanup: Cleanup) => Promise<T>): Promise<T>;
}

export interface BenchOptions {
  /** For the temp dir's name. */
  name: string;
  watchdogS: number;
  log: Log;
  /** The bench failed (message) or was stopped (why): hand over whatever there is. */
  onFail?: (why: string) => void;
}

/** Any child of ours still running after a teardown (one that ignored SIGTERM, a server that never came up). */
function killLeftovers(log: Log): void {
  for (const pid of childPids(/dist\/server\/main\.js|bench\/lib\//)) {
    log(`killing leftover child process ${pid}`);
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

export function runBench(o: BenchOptions, body: (b: Bench) => Promise<void>): void {
  process.chdir(REPO);
  const { log } = o;
  const tmp = mkdtempSync(path.join(os.tmpdir(), `redsail-${o.name}-`));
  const top = new Cleanup();
  top.add('temp dir', () => rmSync(tmp, { recursive: true, force: true }));
  const live = new Set<Cleanup>();
  let aborted: string | undefined;
  const bench: Bench = {
    tmp,
    log,
    cleanup: top,
    aborted: () => aborted,
    async nap(ms) {
      const until = performance.now() + ms;
      for (;;) {
        if (aborted) throw new Error(`aborted: ${aborted}`);
        const left = until - performance.now();
        if (left <= 0) return;
        await sleep(Math.min(250, left));
      }
    },
    async scope(name, fn) {
      const cleanup = new Cleanup();
      live.add(cleanup);
      try {
        return await fn(cleanup);
      } finally {
        log(`${name}: tearing down`);
        await cleanup.run();
        live.delete(cleanup);
        killLeftovers(log);
      }
    },
  };
  const finish = async (code: number, why?: string) => {
    for (const c of live) await c.run();
    await top.run();
    killLeftovers(log);
    if (why !== undefined) o.onFail?.(why);
    process.exit(code);
  };
  let running: Promise<void> = Promise.resolve();
  const abort = async (why: string, code: number) => {
    if (aborted) return;
    aborted = why;
    log(`${why}: stopping`);
    for (const c of live) await c.run();
    await Promise.race([running.catch(() => {}), sleep(20_000)]);
    await finish(code, why);
  };
  const watchdog = setTimeout(
    () => void abort(`watchdog: the bench ran over ${o.watchdogS} s`, 2),
    o.watchdogS * 1000,
  );
  process.once('SIGINT', () => void abort('interrupted (SIGINT)', 130));
  process.once('SIGTERM', () => void abort('terminated (SIGTERM)', 143));
  running = body(bench);
  running.then(
    () => {
      clearTimeout(watchdog);
      if (!aborted) void finish(0);
    },
    (err: unknown) => {
      clearTimeout(watchdog);
      if (aborted) return; // that teardown is under way and ends the process
      console.error(err);
      void finish(1, err instanceof Error ? err.message : String(err));
    },
  );
}
