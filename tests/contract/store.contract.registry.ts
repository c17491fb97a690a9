// Store contract: devices, compounds and vans (administrative single-call writes).
import { beforeEach, describe, expect, it } from 'vitest';
import { StoreConflictError } from '../../server/src/store/store';
import { byKey, compound, device, T0, van, type ContractContext } from './store.contract.fixtures';

export function registryContract(ctx: ContractContext): void {
  describe('devices', () => {
    it('round-trips every field, attrs included', async () => {
      const d = device('d1', {
        type: 'transformer',
        name: 'Building 3 transformer',
        compoundId: 'c1',
        lat: 39.90812,
        lng: 116.39751,
        attrs: { rating_a: 63, rated_kva: 400.5 },
      });
      await ctx.store.createDevice(d);
      expect(await ctx.store.getDevice('d1')).toStrictEqual(d);
    });

    it('keeps absent optional fields absent and an empty attrs object', async () => {
      const d = device('d2');
      await ctx.store.createDevice(d);
      const got = await ctx.store.getDevice('d2');
      expect(got).toStrictEqual(d);
      expect(got && Object.keys(got).sort()).toStrictEqual([
        'attrs',
        'createdAt',
        'id',
        'secretHash',
        'type',
      ]);
    });

    it('rejects a duplicate id with StoreConflictError and keeps the first', async () => {
      await ctx.store.createDevice(device('d1', { type: 'meter' }));
      await expect(ctx.store.createDevice(device('d1', { type: 'pump' }))).rejects.toBeInstanceOf(
        StoreConflictError,
      );
      expect((await ctx.store.getDevice('d1'))?.type).toBe('meter');
    });

    it('returns undefined for an unknown device', async () => {
      expect(await ctx.store.getDevice('ghost')).toBeUndefined();
    });

    describe('createDevices (bulk, all or nothing)', () => {
      const many = [
        device('m1', { name: '工保小区 1号配电箱', compoundId: 'c1', lat: 35.597, lng: 116.99 }),
        device('m2', { type: 'pump', attrs: { rating_a: 100 } }),
        device('m3'),
      ];

      it('creates every device, each round-tripping', async () => {
        await ctx.store.createDevices(many);
        for (const d of many) expect(await ctx.store.getDevice(d.id)).toStrictEqual(d);
        expect((await ctx.store.listDevices()).map((d) => d.id).sort()).toStrictEqual(['m1', 'm2', 'm3']);
      });

      it('an empty list is a no-op', async () => {
        await expect(ctx.store.createDevices([])).resolves.toBeUndefined();
        expect(await ctx.store.listDevices()).toStrictEqual([]);
      });

      it('rejects with StoreConflictError and creates none when one id exists', async () => {
        await ctx.store.createDevice(device('m2', { type: 'meter' }));
        const err: unknown = await ctx.store.createDevices(many).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(StoreConflictError);
        expect(String((err as Error).message)).toContain('m2');
        expect((await ctx.store.listDevices()).map((d) => d.id)).toStrictEqual(['m2']);
        expect((await ctx.store.getDevice('m2'))?.type).toBe('meter');
      });

      it('rejects an id repeated inside the list, creating none', async () => {
        const twice = [device('r1'), device('r2'), device('r1', { type: 'pump' })];
        await expect(ctx.store.createDevices(twice)).rejects.toBeInstanceOf(StoreConflictError);
        expect(await ctx.store.listDevices()).toStrictEqual([]);
      });

      it('leaves the store usable after a rejected bulk create', async () => {
        await ctx.store.createDevice(device('m3'));
        await expect(ctx.store.createDevices(many)).rejects.toBeInstanceOf(StoreConflictError);
        await ctx.store.createDevices(many.filter((d) => d.id !== 'm3'));
        expect((await ctx.store.listDevices()).map((d) => d.id).sort()).toStrictEqual(['m1', 'm2', 'm3']);
      });
    });

    describe('listDevices', () => {
      const all = [
        device('d1', { type: 'meter', compoundId: 'c1' }),
        device('d2', { type: 'pump', compoundId: 'c1' }),
        device('d3', { type: 'meter', compoundId: 'c2' }),
        device('d4', { type: 'meter' }),
      ];
      const ids = async (filter?: Parameters<ContractContext['store']['listDevices']>[0]) =>
        (await ctx.store.listDevices(filter)).map((d) => d.id).sort();
      beforeEach(async () => {
        for (const d of all) await ctx.store.createDevice(d);
      });

      it('lists every device without a filter', async () => {
        const listed = await ctx.store.listDevices();
        expect(listed.sort(byKey((d) => d.id))).toStrictEqual(all);
        expect(await ids({})).toStrictEqual(['d1', 'd2', 'd3', 'd4']);
      });

      it('filters by type, by compound, and by both', async () => {
        expect(await ids({ type: 'meter' })).toStrictEqual(['d1', 'd3', 'd4']);
        expect(await ids({ compoundId: 'c1' })).toStrictEqual(['d1', 'd2']);
        expect(await ids({ type: 'meter', compoundId: 'c1' })).toStrictEqual(['d1']);
        expect(await ids({ type: 'valve' })).toStrictEqual([]);
      });
    });
  });

  describe('compounds', () => {
    it('round-trips a compound with its outline and address', async () => {
      const c = compound('c1', { address: '12 Garden Road' });
      await ctx.store.createCompound(c);
      expect(await ctx.store.getCompound('c1')).toStrictEqual(c);
    });

    it('keeps an absent address absent', async () => {
      const c = compound('c2');
      await ctx.store.createCompound(c);
      const got = await ctx.store.getCompound('c2');
      expect(got).toStrictEqual(c);
      expect(got && 'address' in got).toBe(false);
    });

    it('rejects a duplicate id with StoreConflictError', async () => {
      await ctx.store.createCompound(compound('c1'));
      await expect(ctx.store.createCompound(compound('c1', { name: 'other' }))).rejects.toBeInstanceOf(
        StoreConflictError,
      );
      expect((await ctx.store.getCompound('c1'))?.name).toBe('Compound c1');
    });

    it('lists compounds; an unknown id gives undefined', async () => {
      expect(await ctx.store.listCompounds()).toStrictEqual([]);
      const all = [compound('c2', { createdAt: T0 + 1 }), compound('c1', { address: 'x' })];
      for (const c of all) await ctx.store.createCompound(c);
      const listed = await ctx.store.listCompounds();
      expect(listed.sort(byKey((c) => c.id))).toStrictEqual(all.sort(byKey((c) => c.id)));
      expect(await ctx.store.getCompound('c9')).toBeUndefined();
    });
  });

  describe('vans', () => {
    it('round-trips a van with its home position', async () => {
      const v = van('van-1', { name: 'North depot van', homeLat: 39.9042, homeLng: 116.4074 });
      await ctx.store.createVan(v);
      expect(await ctx.store.getVan('van-1')).toStrictEqual(v);
    });

    it('keeps absent home fields absent, and one without the other', async () => {
      const bare = van('van-2');
      const latOnly = van('van-3', { homeLat: 0 });
      await ctx.store.createVan(bare);
      await ctx.store.createVan(latOnly);
      const got = await ctx.store.getVan('van-2');
      expect(got).toStrictEqual(bare);
      expect(got && Object.keys(got).sort()).toStrictEqual(['createdAt', 'id', 'name']);
      expect(await ctx.store.getVan('van-3')).toStrictEqual(latOnly);
    });

    it('rejects a duplicate id with StoreConflictError and keeps the first', async () => {
      await ctx.store.createVan(van('van-1', { name: 'first' }));
      await expect(ctx.store.createVan(van('van-1', { name: 'second' }))).rejects.toBeInstanceOf(
        StoreConflictError,
      );
      expect((await ctx.store.getVan('van-1'))?.name).toBe('first');
    });

    it('returns undefined for an unknown van', async () => {
      expect(await ctx.store.getVan('van-404')).toBeUndefined();
    });

    it('lists vans ordered by id, whatever the creation order', async () => {
      expect(await ctx.store.listVans()).toStrictEqual([]);
      const all = [
        van('van-c', { createdAt: T0 - 5 }),
        van('van-a', { homeLat: 39.9, homeLng: 116.4, createdAt: T0 + 2 }),
        van('van-b', { createdAt: T0 + 1 }),
      ];
      for (const v of all) await ctx.store.createVan(v);
      expect(await ctx.store.listVans()).toStrictEqual([...all].sort(byKey((v) => v.id)));
    });
  });
}
