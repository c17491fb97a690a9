// Store contract: sites — red sail stations and the depot (administrative single-call writes).
import { describe, expect, it } from 'vitest';
import { StoreConflictError } from '../../server/src/store/store';
import { byKey, site, T0, type ContractContext } from './store.contract.fixtures';

export function sitesContract(ctx: ContractContext): void {
  describe('sites', () => {
    it('round-trips a station with every field', async () => {
      const s = site('station-gongbao', {
        name: '红帆驿站（工保小区）',
        lat: 35.60016,
        lng: 116.982458,
        compoundId: 'gongbao',
        address: '龙虎社区 工保小区 3号楼东',
        phone: '0537-4412345',
      });
      await ctx.store.createSite(s);
      expect(await ctx.store.getSite('station-gongbao')).toStrictEqual(s);
    });

    it('keeps absent optional fields absent (a depot outside any compound)', async () => {
      const depot = site('depot', { kind: 'depot', name: '维修驻地', lat: -33.5, lng: -70.25 });
      await ctx.store.createSite(depot);
      const got = await ctx.store.getSite('depot');
      expect(got).toStrictEqual(depot);
      expect(got && Object.keys(got).sort()).toStrictEqual(['createdAt', 'id', 'kind', 'lat', 'lng', 'name']);
    });

    it('rejects a duplicate id with StoreConflictError and keeps the first', async () => {
      await ctx.store.createSite(site('s1', { name: 'first' }));
      const err: unknown = await ctx.store
        .createSite(site('s1', { kind: 'depot', name: 'second' }))
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreConflictError);
      expect(String((err as Error).message)).toContain('s1');
      expect(await ctx.store.getSite('s1')).toStrictEqual(site('s1', { name: 'first' }));
    });

    it('returns undefined for an unknown site', async () => {
      expect(await ctx.store.getSite('nowhere')).toBeUndefined();
    });

    it('lists sites ordered by id, whatever the creation order', async () => {
      expect(await ctx.store.listSites()).toStrictEqual([]);
      const all = [
        site('station-c', { createdAt: T0 + 2 }),
        site('depot', { kind: 'depot', createdAt: T0 + 1 }),
        site('station-a', { compoundId: 'c1', createdAt: T0 - 5 }),
      ];
      for (const s of all) await ctx.store.createSite(s);
      expect(await ctx.store.listSites()).toStrictEqual([...all].sort(byKey((s) => s.id)));
    });
  });
}
