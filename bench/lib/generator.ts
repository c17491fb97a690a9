// The parent's handle on the load generator (bench/lib/load-gen.ts), a child process driven over IPC;
// used by the ingest, alarm and memory benchmarks. Every request that expects an answer is bounded in
// time, and a generator that exits fails its pending request at once.
import type { Cleanup } from '../../scripts/lib/cleanup';
import { Child } from './child';
import type { GenClient, GenReply, GenRequest, GenStats } from './load-gen';

export type Connected = Extract<GenReply, { type: 'connected' }>;

export interface ConnectOptions {
  /** MQTT keep-alive in seconds (default none); > 0: every connection pings at half of it. */
  keepalive?: number;
  /** How long to wait for every connection to be up or refused (default 60 s). */
  timeoutMs?: number;
  /** CONNECTs in flight at a time (default 50). */
  atOnce?: number;
}

export class LoadGenerator {
  private constructor(private readonly child: Child<GenRequest, GenReply>) {}

  static start(cleanup: Cleanup): LoadGenerator {
    return new LoadGenerator(Child.start('generator', 'bench/lib/load-gen.ts', cleanup));
  }

  get pid(): number {
    return this.child.pid;
  }

  /** A request without an answer (`run`, `flood`, `once`, `idle`); throws if the generator is gone. */
  send(m: GenRequest): void {
    this.child.send(m);
  }

  /** Opens one MQTT connection per client, each publishing `payload` once asked to. */
  connect(
    port: number,
    clients: GenClient[],
    payload: string,
    { keepalive, timeoutMs = 60_000, atOnce }: ConnectOptions = {},
  ): Promise<Connected> {
    const m: GenRequest = {
      type: 'connect',
      host: '127.0.0.1',
      port,
      clients,
      payload,
      ...(keepalive !== undefined && { keepalive }),
      ...(atOnce !== undefined && { atOnce }),
    };
    return this.child.ask(m, 'connected', timeoutMs);
  }

  stats(timeoutMs = 10_000): Promise<GenStats> {
    return this.child.ask({ type: 'stats' }, 'stats', timeoutMs);
  }
}
