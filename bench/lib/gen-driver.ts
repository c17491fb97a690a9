// The parent's handle on the ingest load generator (bench/lib/ingest-gen.ts), a child process driven
// over IPC; used by the ingest, alarm and memory benchmarks. Every request that expects an answer is
// bounded in time, a generator that exits fails its pending requests at once, and the child is stopped
// through the Cleanup (SIGTERM, then SIGKILL after 5 s).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { stopChild, type Cleanup } from './stack';
import type { GenClient, GenReply, GenRequest, GenStats } from './ingest-gen';

export type Connected = Extract<GenReply, { type: 'connected' }>;

export interface ConnectOptions {
  /** MQTT keep-alive in seconds (default none); > 0: every connection pings at half of it. */
  keepalive?: number;
  /** How long to wait for every connection to be up or refused (default 60 s). */
  timeoutMs?: number;
}

export class LoadGenerator {
  private readonly waiting: ((m: GenReply) => void)[] = [];
  private exited: string | undefined;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (m: GenReply) => this.waiting.shift()?.(m));
    child.once('exit', (code, signal) => {
      this.exited = `generator exited (${signal ?? code})`;
      // Anyone still waiting hears of it now rather than at their timeout.
      for (const w of this.waiting.splice(0)) w({ type: 'error', message: this.exited });
    });
  }

  static start(repo: string, cleanup: Cleanup): LoadGenerator {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repo, 'bench/lib/ingest-gen.ts')], {
      cwd: repo,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    cleanup.add('generator', () => stopChild(child));
    return new LoadGenerator(child);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** A request without an answer (`run`, `flood`, `once`, `idle`); throws if the generator is gone. */
  send(m: GenRequest): void {
    if (this.exited || !this.child.connected) throw new Error(this.exited ?? 'generator disconnected');
    this.child.send(m);
  }

  private ask<T extends GenReply>(m: GenRequest, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`generator did not answer ${m.type} in ${timeoutMs / 1000} s`)),
        timeoutMs,
      );
      this.waiting.push((r) => {
        clearTimeout(timer);
        if (r.type === 'error') reject(new Error(r.message));
        else resolve(r as T);
      });
      try {
        this.send(m);
      } catch (err) {
        clearTimeout(timer);
        this.waiting.pop();
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  /** Opens one MQTT connection per client, each publishing `payload` once asked to. */
  connect(
    host: string,
    port: number,
    clients: GenClient[],
    payload: string,
    { keepalive, timeoutMs = 60_000 }: ConnectOptions = {},
  ): Promise<Connected> {
    return this.ask<Connected>(
      { type: 'connect', host, port, clients, payload, ...(keepalive !== undefined && { keepalive }) },
      timeoutMs,
    );
  }

  stats(timeoutMs = 10_000): Promise<GenStats> {
    return this.ask<GenStats>({ type: 'stats' }, timeoutMs);
  }
}
