// Store contract: shift handovers (api.md v1.1 "Reports, intake and handover") — round trip with the
// snapshot as written, newest first with keyset paging, the pending filter, and the sign-off, once.
import { describe, expect, it } from 'vitest';
import { StoreConflictError, type HandoverRecord } from '../../server/src/store/store';
import { T0, type ContractContext } from './store.contract.fixtures';

function handover(id: string, createdAt: number, extra: Partial<HandoverRecord> = {}): HandoverRecord {
  return {
    id,
    from: 'dispatcher',
    note: '3号楼电梯待复查；东门路灯已报修',
    snapshot: {
      takenAt: new Date(createdAt).toISOString(),
      timeZone: 'Asia/Shanghai',
      counts: {
        open: 1,
        byStatus: { new: 1 },
        byPriority: { P1: 1, P2: 0, P3: 0, P4: 0 },
        slaAtRisk: 0,
        slaBreached: 1,
        awaitingCallback: 0,
        unassignedUrgent: 1,
        activeIncidents: 0,
      },
      tickets: [
        {
          id: 'T-1',
          priority: 'P1',
          status: 'new',
          category: 'elevator',
          compoundName: '杏坛小区',
          createdAt: new Date(createdAt - 60_000).toISOString(),
          respondBy: new Date(createdAt).toISOString(),
          resolveBy: new Date(createdAt + 3600_000).toISOString(),
          slaStatus: 'breached',
        },
      ],
      truncated: 0,
      incidents: [],
      vans: [{ id: 'van-1', name: '一号车', status: 'idle' }],
    },
    createdAt,
    ...extra,
  };
}

export function handoversContract(ctx: ContractContext): void {
  describe('handovers', () => {
    it('round-trips a handover with its snapshot, and keeps absent fields absent', async () => {
      const h = handover('H-1', T0);
      const signed = handover('H-2', T0 + 1000, {
        ackedBy: 'dispatcher2',
        ackedAt: T0 + 2000,
        ackNote: '已接',
      });
      await ctx.store.createHandover(h);
      await ctx.store.createHandover(signed);
      expect(await ctx.store.getHandover('H-1')).toStrictEqual(h);
      expect(await ctx.store.getHandover('H-2')).toStrictEqual(signed);
      expect(await ctx.store.getHandover('H-none')).toBeUndefined();
    });

    it('rejects a duplicate id with StoreConflictError and keeps the first', async () => {
      await ctx.store.createHandover(handover('H-1', T0));
      await expect(ctx.store.createHandover(handover('H-1', T0, { note: 'other' }))).rejects.toBeInstanceOf(
        StoreConflictError,
      );
      expect((await ctx.store.getHandover('H-1'))?.note).toBe('3号楼电梯待复查；东门路灯已报修');
    });

    it('lists newest first, pages after a cursor (ties broken by id), and filters pending ones', async () => {
      await ctx.store.createHandover(handover('H-a', T0));
      await ctx.store.createHandover(handover('H-b', T0 + 1000));
      await ctx.store.createHandover(handover('H-c', T0 + 1000));
      await ctx.store.createHandover(handover('H-d', T0 + 2000, { ackedBy: 'd2', ackedAt: T0 + 3000 }));
      const ids = (l: HandoverRecord[]) => l.map((h) => h.id);
      expect(ids(await ctx.store.listHandovers())).toEqual(['H-d', 'H-c', 'H-b', 'H-a']);
      expect(ids(await ctx.store.listHandovers({ limit: 2 }))).toEqual(['H-d', 'H-c']);
      expect(ids(await ctx.store.listHandovers({ before: { at: T0 + 1000, id: 'H-c' }, limit: 2 }))).toEqual([
        'H-b',
        'H-a',
      ]);
      expect(ids(await ctx.store.listHandovers({ pending: true }))).toEqual(['H-c', 'H-b', 'H-a']);
      expect(ids(await ctx.store.listHandovers({ pending: false }))).toEqual(['H-d']);
    });

    it('signs one off once: the second sign-off changes nothing; an unknown one is false', async () => {
      await ctx.store.createHandover(handover('H-1', T0));
      expect(await ctx.store.ackHandover('H-1', T0 + 10, 'd2', '收到')).toBe(true);
      expect(await ctx.store.ackHandover('H-1', T0 + 20, 'd3', 'late')).toBe(false);
      expect(await ctx.store.ackHandover('H-none', T0 + 20, 'd3')).toBe(false);
      const got = await ctx.store.getHandover('H-1');
      expect(got).toMatchObject({ ackedBy: 'd2', ackedAt: T0 + 10, ackNote: '收到' });
      const concurrent = await Promise.all(
        ['x', 'y', 'z'].map(async (who) => {
          await ctx.store.createHandover(handover(`H-${who}`, T0 + 100));
          return ctx.store.ackHandover('H-1', T0 + 30, who);
        }),
      );
      expect(concurrent).toEqual([false, false, false]);
      await ctx.store.createHandover(handover('H-race', T0 + 200));
      const race = await Promise.all(
        ['p', 'q', 'r'].map((who) => ctx.store.ackHandover('H-race', T0 + 300, who)),
      );
      expect(race.filter(Boolean)).toHaveLength(1);
      expect((await ctx.store.getHandover('H-race'))?.ackNote).toBeUndefined();
    });
  });
}
