// What /api/health reports of this node (api.md "Resources"): its name and mode, the store it writes to
// and whether that store answers, and in a cluster whether the link to the other nodes (Redis) is up.
// A store that answers but cannot take writes (its last commit failed: disk full, read-only) makes
// the node `degraded`, with `storeFault` naming why. The store is asked at most once a second however often health is polled, with a short time limit.
import { FAULT_REASON, type StoreFault, type StoreFaultKind } from '../store/fault';
import type { Store } from '../store/store';

export type HealthStatus = 'ok' | 'degraded' | 'unavailable';

export interface NodeHealth {
  status: HealthStatus;
  mode: 'single' | 'cluster';
  node: string;
  store: string;
  /** False while the store does not answer: the node refuses work (503). */
  storeReachable: boolean;
  /** While the store's last commit failed: why (writes are kept and retried, the API refuses changes). */
  storeFault?: StoreFaultKind;
  /** Cluster mode: whether Redis (fan-out, leases, cross-node messages) is reachable. */
  redis?: 'up' | 'down';
  /** For a person: what is wrong and what to do, when status is not ok. */
  problem?: string;
}

export interface HealthOptions {
  node: string;
  /** Cluster link status; absent on a single node. */
  redis?: () => 'up' | 'down';
  /** Why the store's last commit failed, while it lasts (WriteQueue.fault). */
  storeFault?: () => StoreFault | undefined;
  pingTimeoutMs?: number;
  /** How long one answer of the store is trusted. */
  cacheMs?: number;
  now?: () => number;
}

export class HealthService {
  private checked: { at: number; reachable: boolean; error?: string } | undefined;
  private pending: Promise<void> | undefined;

  constructor(
    private readonly store: Pick<Store, 'kind' | 'ping'>,
    private readonly opts: HealthOptions,
  ) {}

  get mode(): 'single' | 'cluster' {
    return this.opts.redis ? 'cluster' : 'single';
  }

  async report(): Promise<NodeHealth> {
    await this.checkStore();
    const reachable = this.checked?.reachable ?? false;
    const redis = this.opts.redis?.();
    const base = { mode: this.mode, node: this.opts.node, store: this.store.kind, storeReachable: reachable };
    const link = redis === undefined ? {} : { redis };
    if (!reachable) {
      return {
        status: 'unavailable',
        ...base,
        ...link,
        problem: `the ${this.store.kind} store does not answer (${this.checked?.error ?? 'no answer'}); check that it is running and reachable`,
      };
    }
    const fault = this.opts.storeFault?.();
    if (fault) {
      return {
        status: 'degraded',
        ...base,
        storeFault: fault.kind,
        ...link,
        problem: `store: ${FAULT_REASON[fault.kind]} (${fault.message}); devices stay connected and writes are kept and retried, but changes through the API are refused until it is fixed`,
      };
    }
    if (redis === 'down') {
      return {
        status: 'degraded',
        ...base,
        ...link,
        problem:
          'Redis does not answer: readings are still taken, but live updates between nodes and timed work wait until it is back',
      };
    }
    return { status: 'ok', ...base, ...link };
  }

  /** While the store cannot record writes, why (for the API's 503); undefined when it can. */
  writeRefusal(): string | undefined {
    const fault = this.opts.storeFault?.();
    return fault && `store: ${FAULT_REASON[fault.kind]}`;
  }

  private checkStore(): Promise<void> {
    const now = (this.opts.now ?? Date.now)();
    if (this.checked && now - this.checked.at < (this.opts.cacheMs ?? 1_000)) return Promise.resolve();
    this.pending ??= this.ping(now).finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async ping(at: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const limit = this.opts.pingTimeoutMs ?? 2_000;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${limit} ms`)), limit);
    });
    try {
      await Promise.race([this.store.ping(), timeout]);
      this.checked = { at, reachable: true };
    } catch (err) {
      this.checked = { at, reachable: false, error: (err as Error).message };
    } finally {
      clearTimeout(timer);
    }
  }
}
