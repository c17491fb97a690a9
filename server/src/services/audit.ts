// The audit trail's writer and reader: every state change made through the API is recorded here
// (api.md "Accounts, secrets and audit"). Records of one turn of the event loop are appended to the
// store together; a failed append is logged and counted and never fails the request that caused it.
import { Counter, type Registry } from 'prom-client';
import type { Clock } from '../clock';
import type { Logger } from '../log';
import type { AuditEntry, AuditFilter, AuditRecord, Store } from '../store/store';

/** What a caller records; the time is the service's. */
export type AuditInput = Omit<AuditRecord, 'at'>;

/** Keys whose values never reach the trail: passwords, tokens, device secrets and their hashes. */
const SECRET_KEY = /pass(word)?|secret|token|hash|current|credential/i;

/** A copy of the value without any secret-named key, at any depth. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!SECRET_KEY.test(k)) out[k] = redact(v);
  return out;
}

export class AuditService {
  private pending: AuditRecord[] = [];
  private scheduled = false;
  /** The chain of appends, in order; never rejects. */
  private writing: Promise<void> = Promise.resolve();
  private readonly failures: Counter;

  constructor(
    private readonly store: Pick<Store, 'appendAudit' | 'listAudit'>,
    private readonly clock: Clock,
    private readonly log: Logger,
    registry: Registry,
  ) {
    this.failures = new Counter({
      name: 'redsail_audit_write_failures_total',
      help: 'Audit entries that could not be written to the store (logged; the request succeeded)',
      registers: [registry],
    });
  }

  /** Queues one entry; it is appended with the others of this turn. */
  record(input: AuditInput): void {
    const data = redact(input.data) as Record<string, unknown>;
    this.pending.push({ ...input, data, at: this.clock.now() });
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => void this.flush());
  }

  /** Appends what is queued; resolves once every earlier entry was written (or its failure counted). */
  flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) {
      this.writing = this.writing.then(() =>
        this.store.appendAudit(batch).catch((err: unknown) => {
          this.failures.inc(batch.length);
          this.log.error({ err, entries: batch.length }, 'audit entries could not be written');
        }),
      );
    }
    return this.writing;
  }

  /** Newest first, after everything recorded so far was written. */
  async list(filter: AuditFilter): Promise<AuditEntry[]> {
    await this.flush();
    return this.store.listAudit(filter);
  }
}
