// Store contract: the uniqueness claims the database holds whatever the races between nodes (api.md
// "Cluster mode") — one active alarm per device and rule, one open ticket per fault, one busy ticket
// per van — and fenced commits for work done under a lease.
import { describe, expect, it } from 'vitest';
import { StaleFenceError } from '../../server/src/store/store';
import { alarm, batch, T0, ticket, ticketEvent, type ContractContext } from './store.contract.fixtures';

const faultTicket = (id: string, extra: Parameters<typeof ticket>[1] = {}) =>
  ticket(id, { source: 'alarm', deviceId: 'd1', alarmRule: 'over_temp', ...extra });

export function claimsContract(ctx: ContractContext): void {
  describe('commit: one active alarm per device and rule', () => {
    it('leaves out a second active alarm of the same device and rule, reports it, and writes the rest', async () => {
      expect(await ctx.store.commit(batch({ alarms: [alarm('a1')] }))).toStrictEqual({
        alarms: [],
        tickets: [],
      });
      const result = await ctx.store.commit(
        batch({ alarms: [alarm('a2', { raisedAt: T0 + 5 }), alarm('a3', { rule: 'door_open' })] }),
      );
      expect(result).toStrictEqual({ alarms: ['a2'], tickets: [] });
      expect((await ctx.store.listAlarms({ active: true })).map((a) => a.id).sort()).toStrictEqual([
        'a1',
        'a3',
      ]);
      expect(await ctx.store.getAlarm('a2')).toBeUndefined();
    });

    it('takes a new alarm once the old one is cleared, also within one batch', async () => {
      await ctx.store.commit(batch({ alarms: [alarm('a1')] }));
      const cleared = alarm('a1', { active: false, clearedAt: T0 + 9 });
      const result = await ctx.store.commit(batch({ alarms: [cleared, alarm('a2', { raisedAt: T0 + 10 })] }));
      expect(result).toStrictEqual({ alarms: [], tickets: [] });
      expect((await ctx.store.listAlarms({ active: true })).map((a) => a.id)).toStrictEqual(['a2']);
    });

    it('updates the active alarm itself (repeat, ack) without a conflict', async () => {
      await ctx.store.commit(batch({ alarms: [alarm('a1')] }));
      const repeated = alarm('a1', { count: 3, ackedAt: T0 + 1, ackedBy: 'alice' });
      expect(await ctx.store.commit(batch({ alarms: [repeated] }))).toStrictEqual({
        alarms: [],
        tickets: [],
      });
      expect(await ctx.store.getAlarm('a1')).toStrictEqual(repeated);
    });
  });

  describe('commit: what an alarm keeps', () => {
    it('keeps its ack and its ticket when a later write (a repeat decided elsewhere) lacks them', async () => {
      await ctx.store.commit(batch({ alarms: [alarm('a1', { ticketId: 'T-1' })] }));
      await ctx.store.commit(
        batch({ alarms: [alarm('a1', { ackedAt: T0 + 5, ackedBy: 'alice', ticketId: 'T-1' })] }),
      );
      const repeat = alarm('a1', { count: 7, lastSeenAt: T0 + 9 });
      await ctx.store.commit(batch({ alarms: [repeat] }));
      expect(await ctx.store.getAlarm('a1')).toStrictEqual({
        ...repeat,
        ackedAt: T0 + 5,
        ackedBy: 'alice',
        ticketId: 'T-1',
      });
    });
  });

  describe('commit: one open ticket per fault', () => {
    it('leaves out a second open ticket of the same device and rule, with its events', async () => {
      await ctx.store.commit(batch({ tickets: [faultTicket('T-1')] }));
      const result = await ctx.store.commit(
        batch({
          tickets: [faultTicket('T-2'), ticket('T-3')],
          ticketEvents: [ticketEvent('T-2', 'created'), ticketEvent('T-3', 'created')],
        }),
      );
      expect(result).toStrictEqual({ alarms: [], tickets: ['T-2'] });
      expect(await ctx.store.getTicket('T-2')).toBeUndefined();
      expect(await ctx.store.getTimeline('T-2')).toStrictEqual([]);
      expect(await ctx.store.getTimeline('T-3')).toStrictEqual([ticketEvent('T-3', 'created')]);
    });

    it('counts resolved tickets as open, closed and cancelled ones not; hotline tickets claim no fault', async () => {
      await ctx.store.commit(batch({ tickets: [faultTicket('T-1', { status: 'resolved' })] }));
      expect((await ctx.store.commit(batch({ tickets: [faultTicket('T-2')] }))).tickets).toStrictEqual([
        'T-2',
      ]);
      await ctx.store.commit(batch({ tickets: [faultTicket('T-1', { status: 'closed' })] }));
      expect((await ctx.store.commit(batch({ tickets: [faultTicket('T-2')] }))).tickets).toStrictEqual([]);
      await ctx.store.commit(batch({ tickets: [faultTicket('T-2', { status: 'cancelled' })] }));
      const hotline = ['T-4', 'T-5'].map((id) => ticket(id, { deviceId: 'd1', alarmRule: 'over_temp' }));
      expect(
        (await ctx.store.commit(batch({ tickets: [faultTicket('T-3'), ...hotline] }))).tickets,
      ).toStrictEqual([]);
    });
  });

  describe('commit: one busy ticket per van', () => {
    it('leaves out a dispatch to a van another ticket holds, keeping the stored ticket as it was', async () => {
      await ctx.store.commit(
        batch({ tickets: [ticket('T-1', { status: 'en_route', vanId: 'van-1' }), ticket('T-2')] }),
      );
      const dispatched = ticket('T-2', { status: 'dispatched', vanId: 'van-1', dispatchedAt: T0 + 1 });
      const result = await ctx.store.commit(
        batch({ tickets: [dispatched], ticketEvents: [ticketEvent('T-2', 'dispatch')] }),
      );
      expect(result).toStrictEqual({ alarms: [], tickets: ['T-2'] });
      expect(await ctx.store.getTicket('T-2')).toStrictEqual(ticket('T-2'));
      expect(await ctx.store.getTimeline('T-2')).toStrictEqual([]);
    });

    it('frees the van when its ticket is resolved, cancelled or moves to another van', async () => {
      const onVan = (id: string, status: 'dispatched' | 'resolved' | 'cancelled', vanId = 'van-1') =>
        ticket(id, { status, vanId });
      const rejected = async (...tickets: ReturnType<typeof ticket>[]) =>
        (await ctx.store.commit(batch({ tickets }))).tickets;
      expect(await rejected(onVan('T-1', 'dispatched'))).toStrictEqual([]);
      expect(await rejected(onVan('T-1', 'resolved'), onVan('T-2', 'dispatched'))).toStrictEqual([]);
      expect(await rejected(onVan('T-2', 'cancelled'), onVan('T-3', 'dispatched'))).toStrictEqual([]);
      expect(await rejected(onVan('T-3', 'dispatched', 'van-2'), onVan('T-4', 'dispatched'))).toStrictEqual(
        [],
      );
      expect(await rejected(onVan('T-5', 'dispatched'))).toStrictEqual(['T-5']);
      const busy = await ctx.store.listTickets({ status: ['dispatched'] });
      expect(busy.map((t) => `${t.id}:${t.vanId}`).sort()).toStrictEqual(['T-3:van-2', 'T-4:van-1']);
    });
  });

  describe('commit: ticket revisions', () => {
    it('writes a revision above the stored one and leaves out one that is not, with its events', async () => {
      await ctx.store.commit(batch({ tickets: [ticket('T-1', { rev: 3 })] }));
      const mine = ticket('T-1', { rev: 4, status: 'dispatched', vanId: 'van-1' });
      const theirs = ticket('T-1', { rev: 4, status: 'cancelled' });
      expect((await ctx.store.commit(batch({ tickets: [mine] }))).tickets).toStrictEqual([]);
      const late = await ctx.store.commit(
        batch({ tickets: [theirs], ticketEvents: [ticketEvent('T-1', 'cancel')] }),
      );
      expect(late.tickets).toStrictEqual(['T-1']);
      expect(await ctx.store.getTicket('T-1')).toStrictEqual(mine);
      expect(await ctx.store.getTimeline('T-1')).toStrictEqual([]);
      const stale = await ctx.store.commit(batch({ tickets: [ticket('T-1', { rev: 2 })] }));
      expect(stale.tickets).toStrictEqual(['T-1']);
    });

    it('a row without a revision always writes, and a stored row without one takes any revision', async () => {
      await ctx.store.commit(batch({ tickets: [ticket('T-1', { rev: 5 })] }));
      await ctx.store.commit(batch({ tickets: [ticket('T-1', { status: 'cancelled' })] }));
      expect(await ctx.store.getTicket('T-1')).toStrictEqual(ticket('T-1', { status: 'cancelled' }));
      const r = await ctx.store.commit(batch({ tickets: [ticket('T-1', { rev: 1 })] }));
      expect(r.tickets).toStrictEqual([]);
      expect((await ctx.store.getTicket('T-1'))?.rev).toBe(1);
    });
  });

  describe('commit: fenced by a lease epoch', () => {
    it('commits with the same or a newer epoch; an older one writes nothing and throws StaleFenceError', async () => {
      const fence = (epoch: number) => ({ fence: { name: 'sweep', epoch } });
      await ctx.store.commit(batch({ tickets: [ticket('T-1')] }), fence(2));
      await ctx.store.commit(batch({ tickets: [ticket('T-2')] }), fence(2));
      await expect(
        ctx.store.commit(batch({ tickets: [ticket('T-3')], alarms: [alarm('a1')] }), fence(1)),
      ).rejects.toThrow(StaleFenceError);
      expect(await ctx.store.getTicket('T-3')).toBeUndefined();
      expect(await ctx.store.getAlarm('a1')).toBeUndefined();
      await ctx.store.commit(batch({ tickets: [ticket('T-4')] }), fence(5));
      await expect(ctx.store.commit(batch({}), fence(4))).rejects.toThrow(/sweep/);
      // Leases are independent, and an unfenced commit is never refused.
      await ctx.store.commit(batch({ tickets: [ticket('T-5')] }), { fence: { name: 'sla', epoch: 1 } });
      await ctx.store.commit(batch({ tickets: [ticket('T-6')] }));
      expect((await ctx.store.listTickets()).map((t) => t.id).sort()).toStrictEqual([
        'T-1',
        'T-2',
        'T-4',
        'T-5',
        'T-6',
      ]);
    });
  });
}
