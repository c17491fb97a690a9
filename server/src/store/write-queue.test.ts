// The write queue over a real SQLite store: what a commit leaves out is reconciled and never announced,
// and work done under a lease commits with its epoch, or not at all once another node took the lease.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../events/bus';
import { createLogger } from '../log';
import { createMetrics } from '../metrics';
import { openSqliteStore } from './sqlite/sqlite-store';
import { emptyBatch, type Store, type TicketRecord } from './store';
import { WriteQueue, type Rejected } from './write-queue';

const T0 = Date.UTC(2026, 11, 6, 8, 0, 0);
const ticket = (id: string, extra: Partial<TicketRecord> = {}): TicketRecord => ({
  id,
  status: 'new',
  priority: 'P2',
  source: 'hotline',
  category: 'electrical',
  description: id,
  createdAt: T0,
  updatedAt: T0,
  respondBy: T0 + 3_600_000,
  resolveBy: T0 + 8 * 3_600_000,
  ...extra,
});

describe('WriteQueue', () => {
  let store: Store;
  let bus: EventBus;
  let queue: WriteQueue;
  let heard: string[];
  let reconciled: Rejected[];

  beforeEach(() => {
    store = openSqliteStore({ file: ':memory:' });
    bus = new EventBus();
    heard = [];
    reconciled = [];
    bus.on('ticket:created', (t) => heard.push(`created ${t.id}`));
    bus.on('ticket:updated', (t) => heard.push(`updated ${t.id}`));
    queue = new WriteQueue(store, createMetrics(), createLogger('silent'), bus, {
      intervalMs: 50,
      maxPendingTelemetry: 1_000,
    });
    queue.onRejected((r) => reconciled.push(r));
  });
  afterEach(async () => {
    await queue.close();
    await store.close();
  });

  const put = (t: TicketRecord, event: 'ticket:created' | 'ticket:updated' = 'ticket:created') => {
    queue.putTicket(t);
    queue.announce(event, t);
  };

  it('announces committed rows, and reconciles instead of announcing a row whose claim is held', async () => {
    await store.commit({
      ...emptyBatch(),
      tickets: [ticket('T-THEIRS', { status: 'dispatched', vanId: 'van-1' })],
    });
    put(ticket('T-MINE', { status: 'dispatched', vanId: 'van-1' }));
    put(ticket('T-OTHER'));
    expect(await queue.committed()).toStrictEqual({ alarms: [], tickets: ['T-MINE'] });
    expect(heard).toStrictEqual(['created T-OTHER']);
    expect(reconciled.map((r) => r.tickets.map((t) => t.id))).toStrictEqual([['T-MINE']]);
  });

  it('commits work done under a lease with its epoch', async () => {
    queue.fenced({ name: 'timekeeper', epoch: 7 }, () => put(ticket('T-1')));
    expect(await queue.committed()).toStrictEqual({ alarms: [], tickets: [] });
    expect(await store.getTicket('T-1')).toStrictEqual(ticket('T-1'));
    expect(heard).toStrictEqual(['created T-1']);
    // The store now refuses an older epoch of that lease.
    await expect(store.commit(emptyBatch(), { fence: { name: 'timekeeper', epoch: 6 } })).rejects.toThrow(
      /timekeeper/,
    );
  });

  it('drops whole, without announcing, what a paused holder queued after another node took the lease', async () => {
    // Another node took the lease with epoch 9 and wrote under it.
    await store.commit(
      { ...emptyBatch(), tickets: [ticket('T-1', { rev: 2, status: 'cancelled' })] },
      {
        fence: { name: 'timekeeper', epoch: 9 },
      },
    );
    const waited = new Promise((resolve) => {
      queue.fenced({ name: 'timekeeper', epoch: 8 }, () => {
        put(ticket('T-1', { rev: 2, slaStatus: 'at_risk' }), 'ticket:updated');
        put(ticket('T-2'));
        void queue.committed().then(resolve);
      });
    });
    put(ticket('T-3')); // outside the lease's work: commits as usual
    expect(await waited).toStrictEqual({ alarms: [], tickets: ['T-1', 'T-2'] });
    await queue.flush();
    expect(await store.getTicket('T-2')).toBeUndefined();
    expect((await store.getTicket('T-1'))?.status).toBe('cancelled');
    expect(await store.getTicket('T-3')).toStrictEqual(ticket('T-3'));
    expect(heard).toStrictEqual(['created T-3']);
    expect(reconciled.map((r) => r.tickets.map((t) => t.id))).toStrictEqual([['T-1', 'T-2']]);
  });
});
