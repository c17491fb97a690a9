// The write queue's view of the store's health: the fault its last commit failed with (cleared by the
// next commit that succeeds), counted in /metrics, and logged at a bounded rate — the first failure of
// a run, a change of kind, then one line per `logEveryMs` with how many failed meanwhile, and one line
// on recovery. Also bounds the log of shed telemetry the same way.
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import { classifyStoreError, FAULT_REASON, type StoreFault, type StoreFaultKind } from './fault';

const KINDS: readonly StoreFaultKind[] = ['full', 'read-only', 'unavailable', 'failed'];

export class FaultTracker {
  private fault: StoreFault | undefined;
  private failures = 0;
  private loggedAt = 0;
  private shed = 0;
  private shedLoggedAt = 0;

  constructor(
    private readonly metrics: Metrics,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
    private readonly logEveryMs = 30_000,
  ) {}

  /** The fault the last commit failed with; undefined once a commit succeeded. */
  get current(): StoreFault | undefined {
    return this.fault;
  }

  failed(err: unknown, queued: { telemetry: number; alarms: number; tickets: number }): void {
    const kind = classifyStoreError(err);
    const message = err instanceof Error ? err.message : String(err);
    const now = this.now();
    const changed = this.fault?.kind !== kind;
    this.fault = { kind, message, since: changed ? now : (this.fault?.since ?? now) };
    this.failures++;
    this.metrics.commitFailed.inc({ fault: kind });
    for (const k of KINDS) this.metrics.storeFaulted.set({ fault: k }, k === kind ? 1 : 0);
    if (changed || now - this.loggedAt >= this.logEveryMs) {
      this.log.error(
        { err, fault: kind, failures: this.failures, queued },
        `store commit failed (${FAULT_REASON[kind]}); writes are kept and retried every second`,
      );
      this.loggedAt = now;
      this.failures = 0;
    }
  }

  succeeded(): void {
    if (!this.fault) return;
    const { kind, since } = this.fault;
    this.log.warn({ fault: kind, seconds: Math.round((this.now() - since) / 1000) }, 'store commits again');
    this.fault = undefined;
    this.failures = 0;
    this.loggedAt = 0;
    for (const k of KINDS) this.metrics.storeFaulted.set({ fault: k }, 0);
  }

  /** `n` telemetry points were dropped because the queue is at its bound. */
  dropped(n: number, bound: number): void {
    if (n <= 0) return;
    this.metrics.shed.inc(n);
    this.shed += n;
    const now = this.now();
    if (now - this.shedLoggedAt < this.logEveryMs) return;
    this.log.warn(
      { shed: this.shed, bound },
      'telemetry history shed: the store is behind and the queue is full (state, alarms and tickets are kept)',
    );
    this.shedLoggedAt = now;
    this.shed = 0;
  }
}
