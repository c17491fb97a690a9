// Puts the books right when a commit left rows out (store.ts, CommitResult): another node's alarm or
// ticket already held the claim (the device and rule, the fault, the van). What the store holds for
// those devices, tickets and vans replaces what this node believed, consoles are told the stored
// tickets, and the dispatch pass runs again. Never happens on one node; in a cluster, on a race.
import type { Logger } from '../log';
import { VAN_BUSY_STATUSES } from '../pipeline/dispatch-plan';
import { OPEN_STATUSES } from '../pipeline/lifecycle';
import type { AlarmBook } from '../state/alarm-book';
import type { TicketBook } from '../state/ticket-book';
import type { Store, TicketRecord } from '../store/store';
import type { Announcer, Rejected } from '../store/write-queue';

export type ReconcileStore = Pick<Store, 'listAlarms' | 'getTicket' | 'listTickets'>;

export class Reconcile {
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: ReconcileStore,
    private readonly alarms: AlarmBook,
    private readonly tickets: TicketBook,
    private readonly bus: Announcer,
    private readonly requestDispatch: () => void,
    private readonly log: Logger,
  ) {}

  /** Queues the repair; repairs run one after another. */
  handle(rejected: Rejected): void {
    this.log.warn(
      { alarms: rejected.alarms.map((a) => a.id), tickets: rejected.tickets.map((t) => t.id) },
      'another node holds these claims: reloading them from the store',
    );
    this.running = this.running
      .then(() => this.repair(rejected))
      .catch((err: unknown) => this.log.error({ err }, 'reloading rejected rows from the store failed'));
  }

  /** Resolves when every repair asked for so far is done (tests, shutdown). */
  settled(): Promise<void> {
    return this.running;
  }

  private async repair(rejected: Rejected): Promise<void> {
    for (const deviceId of new Set(rejected.alarms.map((a) => a.deviceId))) {
      this.alarms.reload(deviceId, await this.store.listAlarms({ active: true, deviceId }));
    }
    const reloaded = new Map<string, TicketRecord | undefined>();
    for (const t of rejected.tickets) {
      reloaded.set(t.id, await this.store.getTicket(t.id));
      for (const holder of await this.holders(t)) reloaded.set(holder.id, holder);
    }
    for (const [id, stored] of reloaded) {
      this.tickets.restore(id, stored);
      if (stored) this.bus.emit('ticket:updated', stored);
    }
    this.requestDispatch();
  }

  /** The stored tickets holding the van or the fault a rejected ticket claimed. */
  private async holders(t: TicketRecord): Promise<TicketRecord[]> {
    const out: TicketRecord[] = [];
    if (t.vanId !== undefined && VAN_BUSY_STATUSES.has(t.status)) {
      out.push(...(await this.store.listTickets({ vanId: t.vanId, status: [...VAN_BUSY_STATUSES] })));
    }
    if (t.source === 'alarm' && t.deviceId !== undefined && t.alarmRule !== undefined) {
      const open = await this.store.listTickets({ deviceId: t.deviceId, status: [...OPEN_STATUSES] });
      out.push(...open.filter((o) => o.source === 'alarm' && o.alarmRule === t.alarmRule));
    }
    return out;
  }
}
