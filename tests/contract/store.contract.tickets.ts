// Store contract: tickets (upserts, every field, SLA state, every filter, newest first) and timelines.
import { beforeEach, describe, expect, it } from 'vitest';
import type { TicketFilter } from '../../server/src/store/store';
import { batch, fullTicket, T0, ticket, ticketEvent, type ContractContext } from './store.contract.fixtures';

export function ticketsContract(ctx: ContractContext): void {
  describe('commit: tickets', () => {
    it('round-trips every optional field, reporter and callback included', async () => {
      const full = fullTicket('T-1');
      await ctx.store.commit(batch({ tickets: [full] }));
      expect(await ctx.store.getTicket('T-1')).toStrictEqual(full);
    });

    it('round-trips the callers of a ticket, their ways in and a callback (api.md v1.1 "Duplicates")', async () => {
      const withCallers = ticket('T-4', {
        status: 'resolved',
        reporter: { name: '王大爷', phone: '13800000001' },
        callers: [
          { name: '王大爷', phone: '13800000001', at: T0, via: 'hotline' },
          {
            name: '李网格员',
            phone: '13800000002',
            at: T0 + 60_000,
            via: 'integration:grid-app',
            callback: { satisfaction: 'unsatisfied', note: '还是没电', at: T0 + 120_000, by: 'disp' },
          },
        ],
      });
      await ctx.store.commit(batch({ tickets: [withCallers] }));
      expect(await ctx.store.getTicket('T-4')).toStrictEqual(withCallers);
      expect((await ctx.store.listTickets({ status: ['resolved'] }))[0]).toStrictEqual(withCallers);
    });

    it('keeps absent optional fields absent', async () => {
      const bare = ticket('T-2', { callback: { satisfaction: 'neutral' } });
      await ctx.store.commit(batch({ tickets: [bare] }));
      const got = await ctx.store.getTicket('T-2');
      expect(got).toStrictEqual(bare);
      expect(got && Object.keys(got).sort()).toStrictEqual(
        ['id', 'status', 'priority', 'source', 'category', 'description', 'createdAt', 'updatedAt']
          .concat(['respondBy', 'resolveBy', 'callback'])
          .sort(),
      );
    });

    it('keeps etaS, the road time at dispatch, and its basis, and drops them when an upsert has none', async () => {
      const dispatched = ticket('T-3', {
        status: 'dispatched',
        vanId: 'van-1',
        dispatchedAt: T0 + 1,
        etaS: 72,
        etaBasis: 'straight',
      });
      await ctx.store.commit(batch({ tickets: [dispatched] }));
      expect((await ctx.store.getTicket('T-3'))?.etaS).toBe(72);
      expect((await ctx.store.getTicket('T-3'))?.etaBasis).toBe('straight');
      expect((await ctx.store.listTickets({ vanId: 'van-1' }))[0]).toStrictEqual(dispatched);
      const declined = ticket('T-3', { updatedAt: T0 + 2 });
      await ctx.store.commit(batch({ tickets: [declined] }));
      expect(await ctx.store.getTicket('T-3')).toStrictEqual(declined);
    });

    it('upserts by id, replacing the whole record (within and across batches)', async () => {
      const dispatched = ticket('T-1', { status: 'dispatched', vanId: 'van-1', dispatchedAt: T0 + 1 });
      await ctx.store.commit(batch({ tickets: [ticket('T-1'), dispatched] }));
      expect(await ctx.store.getTicket('T-1')).toStrictEqual(dispatched);
      await ctx.store.commit(batch({ tickets: [fullTicket('T-1')] }));
      expect(await ctx.store.getTicket('T-1')).toStrictEqual(fullTicket('T-1'));
      const cancelled = ticket('T-1', { status: 'cancelled', updatedAt: T0 + 9 });
      await ctx.store.commit(batch({ tickets: [cancelled] }));
      expect(await ctx.store.getTicket('T-1')).toStrictEqual(cancelled);
      expect(await ctx.store.listTickets()).toStrictEqual([cancelled]);
    });

    it('round-trips SLA state, callback deadline, and an empty breach list as empty', async () => {
      const atRisk = ticket('T-1', { slaStatus: 'at_risk', slaBreaches: [], callbackBy: T0 + 60_000 });
      const ok = ticket('T-2', { slaStatus: 'ok' });
      const breached = ticket('T-3', { slaStatus: 'breached', slaBreaches: ['resolve', 'respond'] });
      await ctx.store.commit(batch({ tickets: [atRisk, ok, breached] }));
      expect(await ctx.store.getTicket('T-1')).toStrictEqual(atRisk);
      expect(await ctx.store.getTicket('T-2')).toStrictEqual(ok);
      expect(await ctx.store.getTicket('T-3')).toStrictEqual(breached);
      expect(await ctx.store.listTickets()).toStrictEqual([breached, ok, atRisk]); // same createdAt: id desc
    });

    it('an upsert replaces SLA fields and one without them clears them', async () => {
      const atRisk = ticket('T-1', { slaStatus: 'at_risk', slaBreaches: ['respond'], callbackBy: T0 + 9 });
      await ctx.store.commit(batch({ tickets: [atRisk] }));
      const worse = ticket('T-1', { slaStatus: 'breached', slaBreaches: ['respond', 'resolve'] });
      await ctx.store.commit(batch({ tickets: [worse] }));
      expect(await ctx.store.getTicket('T-1')).toStrictEqual(worse);
      const plain = ticket('T-1', { status: 'cancelled', updatedAt: T0 + 10 });
      await ctx.store.commit(batch({ tickets: [fullTicket('T-1'), plain] }));
      const got = await ctx.store.getTicket('T-1');
      expect(got).toStrictEqual(plain);
      expect(got && ['slaStatus', 'slaBreaches', 'callbackBy'].filter((k) => k in got)).toStrictEqual([]);
    });

    it('returns undefined for an unknown ticket', async () => {
      expect(await ctx.store.getTicket('T-404')).toBeUndefined();
    });
  });

  describe('listTickets', () => {
    const all = [
      ticket('T-1', { status: 'new', priority: 'P1', source: 'alarm', deviceId: 'd1', compoundId: 'c1' }),
      ticket('T-2', {
        status: 'dispatched',
        priority: 'P2',
        source: 'hotline',
        compoundId: 'c1',
        vanId: 'v1',
      }),
      ticket('T-3', { status: 'resolved', priority: 'P1', source: 'grid', deviceId: 'd2', vanId: 'v1' }),
      ticket('T-4', { status: 'new', priority: 'P3', source: 'inspection', deviceId: 'd1', vanId: 'v2' }),
    ].map((t, i) => ({ ...t, createdAt: T0 + i + 1, compoundId: t.compoundId ?? 'c2' }));
    const ids = async (f?: TicketFilter) => (await ctx.store.listTickets(f)).map((t) => t.id);
    beforeEach(async () => {
      // Committed out of creation order: listing order must come from createdAt, not insertion.
      await ctx.store.commit(
        batch({ tickets: [all[2], all[0], all[3], all[1]].flatMap((t) => (t ? [t] : [])) }),
      );
    });

    it('lists newest first by createdAt, full records', async () => {
      expect(await ctx.store.listTickets()).toStrictEqual([...all].reverse());
      expect(await ids({})).toStrictEqual(['T-4', 'T-3', 'T-2', 'T-1']);
    });

    it('filters by one status, several statuses, and an empty status list (matches nothing)', async () => {
      expect(await ids({ status: ['new'] })).toStrictEqual(['T-4', 'T-1']);
      expect(await ids({ status: ['new', 'dispatched'] })).toStrictEqual(['T-4', 'T-2', 'T-1']);
      expect(await ids({ status: ['closed'] })).toStrictEqual([]);
      expect(await ids({ status: [] })).toStrictEqual([]);
    });

    it('filters by priority, device, compound, van and source', async () => {
      expect(await ids({ priority: 'P1' })).toStrictEqual(['T-3', 'T-1']);
      expect(await ids({ deviceId: 'd1' })).toStrictEqual(['T-4', 'T-1']);
      expect(await ids({ compoundId: 'c1' })).toStrictEqual(['T-2', 'T-1']);
      expect(await ids({ compoundId: 'c2' })).toStrictEqual(['T-4', 'T-3']);
      expect(await ids({ vanId: 'v1' })).toStrictEqual(['T-3', 'T-2']);
      expect(await ids({ source: 'hotline' })).toStrictEqual(['T-2']);
      expect(await ids({ source: 'alarm', priority: 'P2' })).toStrictEqual([]);
    });

    it('applies limit after filtering and ordering', async () => {
      expect(await ids({ limit: 2 })).toStrictEqual(['T-4', 'T-3']);
      expect(await ids({ status: ['new', 'resolved'], deviceId: 'd1', limit: 1 })).toStrictEqual(['T-4']);
      expect(await ids({ vanId: 'v1', priority: 'P1', limit: 5 })).toStrictEqual(['T-3']);
    });

    it('filters by createdFrom and createdTo, both bounds inclusive', async () => {
      expect(await ids({ createdFrom: T0 + 2 })).toStrictEqual(['T-4', 'T-3', 'T-2']);
      expect(await ids({ createdTo: T0 + 3 })).toStrictEqual(['T-3', 'T-2', 'T-1']);
      expect(await ids({ createdFrom: T0 + 2, createdTo: T0 + 3 })).toStrictEqual(['T-3', 'T-2']);
      expect(await ids({ createdFrom: T0 + 2, createdTo: T0 + 2 })).toStrictEqual(['T-2']);
      expect(await ids({ createdFrom: T0 + 1, createdTo: T0 + 4 })).toStrictEqual([
        'T-4',
        'T-3',
        'T-2',
        'T-1',
      ]);
      expect(await ids({ createdFrom: T0 + 5 })).toStrictEqual([]);
      expect(await ids({ createdTo: T0 })).toStrictEqual([]);
      expect(await ids({ createdFrom: T0 + 3, createdTo: T0 + 2 })).toStrictEqual([]);
    });

    it('combines the createdAt range with the other filters and limit', async () => {
      expect(await ids({ createdFrom: T0 + 2, vanId: 'v1' })).toStrictEqual(['T-3', 'T-2']);
      expect(await ids({ createdTo: T0 + 3, status: ['new'] })).toStrictEqual(['T-1']);
      expect(await ids({ createdFrom: T0 + 2, createdTo: T0 + 4, deviceId: 'd1' })).toStrictEqual(['T-4']);
      expect(await ids({ createdFrom: T0 + 1, priority: 'P1', limit: 1 })).toStrictEqual(['T-3']);
      expect(await ids({ createdTo: T0 + 2, compoundId: 'c1', source: 'hotline' })).toStrictEqual(['T-2']);
      expect(await ids({ createdFrom: T0 + 2, createdTo: T0 + 3, compoundId: 'c2' })).toStrictEqual(['T-3']);
    });

    it('breaks createdAt ties by id, descending', async () => {
      const tie = [ticket('T-a', { createdAt: T0 + 100 }), ticket('T-b', { createdAt: T0 + 100 })];
      await ctx.store.commit(batch({ tickets: tie }));
      expect(await ids({ limit: 3 })).toStrictEqual(['T-b', 'T-a', 'T-4']);
    });
  });

  describe('ticket timelines', () => {
    beforeEach(async () => {
      await ctx.store.commit(batch({ tickets: [ticket('T-1'), ticket('T-2')] }));
    });

    it('keeps append order within and across batches, whatever the timestamps', async () => {
      const created = ticketEvent('T-1', 'created', { at: T0 + 50, data: { source: 'alarm' } });
      const other = ticketEvent('T-2', 'created', { at: T0 });
      const dispatched = ticketEvent('T-1', 'dispatched', {
        at: T0 + 10,
        by: 'alice',
        data: { vanId: 'van-1', eta: { minutes: 12 }, crew: ['li', 'zhao'], urgent: true, note: null },
      });
      await ctx.store.commit(batch({ ticketEvents: [created, other, dispatched] }));
      const accepted = ticketEvent('T-1', 'accepted', { at: T0, by: 'device:van-1' });
      await ctx.store.commit(batch({ ticketEvents: [accepted] }));
      expect(await ctx.store.getTimeline('T-1')).toStrictEqual([created, dispatched, accepted]);
      expect(await ctx.store.getTimeline('T-2')).toStrictEqual([other]);
    });

    it('a ticket and its first event can arrive in the same batch', async () => {
      const event = ticketEvent('T-3', 'created', { by: 'bob' });
      await ctx.store.commit(batch({ tickets: [ticket('T-3')], ticketEvents: [event] }));
      expect(await ctx.store.getTimeline('T-3')).toStrictEqual([event]);
    });

    it('gives an empty timeline for an unknown ticket or a ticket without events', async () => {
      expect(await ctx.store.getTimeline('T-404')).toStrictEqual([]);
      expect(await ctx.store.getTimeline('T-2')).toStrictEqual([]);
    });
  });
}
