// The server's side of the commit worker (commit-worker.ts): posts commits and compactions to the worker
// thread and settles one promise per request, in order. A worker that dies fails what it held; the next
// request starts a new one.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type * as Esbuild from 'esbuild';
import { StaleFenceError, type CommitResult, type RetentionPolicy } from '../store';
import type { CommitRows } from './commit';

export interface WorkerOptions {
  file: string;
  compactChunkRows: number;
}
export interface CompactResult {
  rolledUp: number;
  deleted: number;
}
export type ToWorker =
  | { type: 'commit'; seq: number; rows: CommitRows }
  | { type: 'compact'; seq: number; policy: RetentionPolicy }
  | { type: 'close' };
export type FromWorker =
  | { seq: number; ok: true; compacted?: CompactResult; committed?: CommitResult }
  | { seq: number; ok: false; name: string; message: string; code?: string };

/** The production build (scripts/lib/build-server.ts) puts the worker's script beside main.js. */
const BUILT_WORKER = new URL('./commit-worker.cjs', import.meta.url);

let workerSource: string | undefined;

/**
 * Run from source: commit-worker.ts and its imports bundled once per process into one CommonJS
 * script (a worker thread does not inherit the TypeScript loader of its parent; loading tsx inside each
 * thread costs ~0.4 s, the bundle ~70 ms once and ~50 ms per thread). better-sqlite3 stays a require of
 * this install's own copy. esbuild is loaded only here, so the production build never loads it.
 */
function source(): string {
  if (workerSource !== undefined) return workerSource;
  const load = createRequire(import.meta.url);
  const sqlite = load.resolve('better-sqlite3');
  const { buildSync } = load('esbuild') as typeof Esbuild;
  const out = buildSync({
    entryPoints: [fileURLToPath(new URL('./commit-worker.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    external: ['better-sqlite3'],
  });
  const code = out.outputFiles[0]?.text ?? '';
  const native = 'require("better-sqlite3")';
  if (!code.includes(native)) throw new Error('commit worker bundle: better-sqlite3 import not found');
  workerSource = code.replaceAll(native, `require(${JSON.stringify(sqlite)})`);
  return workerSource;
}

type Done = Extract<FromWorker, { ok: true }>;

interface Pending {
  resolve(result: Done): void;
  reject(error: Error): void;
}

function workerError(m: Extract<FromWorker, { ok: false }>): Error {
  if (m.name === 'StaleFenceError') return Object.assign(new StaleFenceError('', 0), { message: m.message });
  const e = new Error(m.message);
  e.name = m.name;
  if (m.code !== undefined) Object.assign(e, { code: m.code });
  return e;
}

export class CommitWorker {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private seq = 0;
  private closed = false;

  constructor(private readonly opts: WorkerOptions) {
    this.worker = this.spawn();
  }

  async commit(rows: CommitRows): Promise<CommitResult> {
    const done = await this.request((seq) => ({ type: 'commit', seq, rows }));
    return done.committed ?? { alarms: [], tickets: [] };
  }

  async compact(policy: RetentionPolicy): Promise<CompactResult> {
    const done = await this.request((seq) => ({ type: 'compact', seq, policy }));
    return done.compacted ?? { rolledUp: 0, deleted: 0 };
  }

  /** Lets the requests already posted finish, then stops the thread. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const w = this.worker;
    if (!w) return;
    const exited = new Promise<void>((resolve) => w.once('exit', () => resolve()));
    w.ref();
    w.postMessage({ type: 'close' } satisfies ToWorker);
    await exited;
  }

  private request(message: (seq: number) => ToWorker): Promise<Done> {
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    const w = (this.worker ??= this.spawn());
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
      w.ref(); // the process stays up while a write is in flight
      w.postMessage(message(seq));
    });
  }

  private settle(m: FromWorker): void {
    const p = this.pending.get(m.seq);
    if (!p) return;
    this.pending.delete(m.seq);
    if (this.pending.size === 0) this.worker?.unref();
    if (m.ok) p.resolve(m);
    else p.reject(workerError(m));
  }

  private spawn(): Worker {
    const workerData = this.opts satisfies WorkerOptions;
    const w = existsSync(BUILT_WORKER)
      ? new Worker(BUILT_WORKER, { workerData })
      : new Worker(source(), { eval: true, workerData });
    w.on('message', (m: FromWorker) => this.settle(m));
    w.on('error', (err) => this.fail(w, err));
    w.on('exit', (code) => this.fail(w, new Error(`the store's commit worker stopped (exit code ${code})`)));
    w.unref();
    return w;
  }

  private fail(w: Worker, error: Error): void {
    if (this.worker !== w) return;
    this.worker = undefined;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}
