// Awaiting notification attempts in tests: every `notification:attempted` the server's bus announces,
// from the moment this is made, and a wait for one that matches (already seen, or still to come).
import type { EventBus } from '../../server/src/events/bus';
import type { DeliveryRecord } from '../../server/src/store/store';

export class DeliveryLog {
  readonly seen: DeliveryRecord[] = [];
  private readonly waiters: { pred: (d: DeliveryRecord) => boolean; resolve: (d: DeliveryRecord) => void }[] =
    [];
  readonly off: () => void;

  constructor(bus: EventBus) {
    this.off = bus.on('notification:attempted', (d) => {
      this.seen.push(d);
      for (const w of this.waiters.filter((x) => x.pred(d))) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(d);
      }
    });
  }

  /** The first attempt matching `pred`. */
  waitFor(pred: (d: DeliveryRecord) => boolean): Promise<DeliveryRecord> {
    const got = this.seen.find(pred);
    if (got) return Promise.resolve(got);
    return new Promise((resolve) => this.waiters.push({ pred, resolve }));
  }

  /** The last attempt of the channel's message about `ticketId` (no more attempts follow it). */
  done(channelId: string, ticketId: string | undefined, event?: string): Promise<DeliveryRecord> {
    return this.waitFor(
      (d) =>
        d.channelId === channelId &&
        d.ticketId === ticketId &&
        d.doneAt !== undefined &&
        (event === undefined || d.event === event),
    );
  }
}
