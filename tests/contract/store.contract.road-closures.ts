// Store contract: road closures (api.md v1.1 "Roads, routes and tracks") — round trip, the listing of
// those in force at a time (not ended, `until` absent or later), and the early end, once.
import { describe, expect, it } from 'vitest';
import { StoreConflictError, type RoadClosureRecord } from '../../server/src/store/store';
import { T0, type ContractContext } from './store.contract.fixtures';

function closure(id: string, extra: Partial<RoadClosureRecord> = {}): RoadClosureRecord {
  return {
    id,
    geometry: { type: 'Point', coordinates: [116.99, 35.597] },
    radiusM: 20,
    reason: '电缆抢修',
    createdBy: 'dispatcher',
    createdAt: T0,
    ...extra,
  };
}

export function roadClosuresContract(ctx: ContractContext): void {
  describe('road closures', () => {
    it('round-trips a line closure with every field, and keeps absent ones absent', async () => {
      const line = closure('RC-line', {
        geometry: {
          type: 'LineString',
          coordinates: [
            [116.991, 35.5971],
            [116.9925, 35.5969],
            [116.994, 35.598],
          ],
        },
        radiusM: 12.5,
        until: T0 + 3600_000,
      });
      const point = closure('RC-point');
      await ctx.store.createRoadClosure(line);
      await ctx.store.createRoadClosure(point);
      expect(await ctx.store.getRoadClosure('RC-line')).toStrictEqual(line);
      expect(await ctx.store.getRoadClosure('RC-point')).toStrictEqual(point);
      expect(await ctx.store.getRoadClosure('RC-none')).toBeUndefined();
    });

    it('rejects a duplicate id with StoreConflictError and keeps the first', async () => {
      await ctx.store.createRoadClosure(closure('RC-1'));
      await expect(ctx.store.createRoadClosure(closure('RC-1', { reason: 'other' }))).rejects.toBeInstanceOf(
        StoreConflictError,
      );
      expect((await ctx.store.getRoadClosure('RC-1'))?.reason).toBe('电缆抢修');
    });

    it('lists those in force at a time, oldest first: not ended, until absent or after it', async () => {
      await ctx.store.createRoadClosure(closure('RC-b', { createdAt: T0 + 2, until: T0 + 100 }));
      await ctx.store.createRoadClosure(closure('RC-a', { createdAt: T0 + 1 }));
      await ctx.store.createRoadClosure(closure('RC-c', { createdAt: T0 + 3, until: T0 + 50 }));
      await ctx.store.createRoadClosure(closure('RC-d', { createdAt: T0 + 4 }));
      await ctx.store.endRoadClosure('RC-d', T0 + 5, 'admin');
      const ids = async (at: number, limit?: number) =>
        (await ctx.store.listRoadClosures(at, limit)).map((c) => c.id);
      expect(await ids(T0 + 10)).toEqual(['RC-a', 'RC-b', 'RC-c']);
      expect(await ids(T0 + 50)).toEqual(['RC-a', 'RC-b']); // until is the first moment it is over
      expect(await ids(T0 + 100)).toEqual(['RC-a']);
      expect(await ids(T0 + 10, 2)).toEqual(['RC-a', 'RC-b']);
    });

    it('ends one early once, recording who and when; an unknown id ends nothing', async () => {
      await ctx.store.createRoadClosure(closure('RC-1', { until: T0 + 1000 }));
      expect(await ctx.store.endRoadClosure('RC-1', T0 + 7, 'li')).toBe(true);
      expect(await ctx.store.endRoadClosure('RC-1', T0 + 8, 'wang')).toBe(false);
      expect(await ctx.store.endRoadClosure('RC-none', T0 + 8, 'wang')).toBe(false);
      expect(await ctx.store.getRoadClosure('RC-1')).toStrictEqual(
        closure('RC-1', { until: T0 + 1000, endedAt: T0 + 7, endedBy: 'li' }),
      );
      expect(await ctx.store.listRoadClosures(T0 + 9)).toEqual([]);
    });
  });
}
