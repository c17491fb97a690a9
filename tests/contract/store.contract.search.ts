// Store contract: listTickets' search text `q` (GET /api/tickets?q=): a case-insensitive substring of
// the ticket number (also without its dash), reporter name and phone (also without spaces/dashes),
// address, description, device id and name, compound name; wildcards match only themselves; with
// the other filters, paging and newest first.
import { beforeEach, describe, expect, it } from 'vitest';
import type { TicketFilter } from '../../server/src/store/store';
import { batch, compound, device, T0, ticket, type ContractContext } from './store.contract.fixtures';

export function searchContract(ctx: ContractContext): void {
  describe('listTickets: search text q', () => {
    const all = [
      ticket('T261125-7K3QX2', {
        description: 'Water pipe burst in stairwell',
        reporter: { name: '张阿姨', phone: '13800138000' },
        address: '幸福路12号楼3单元',
      }),
      ticket('T261125-AB12CD', {
        status: 'closed',
        description: 'lamp out',
        deviceId: 'box-07',
        compoundId: 'gongbao',
      }),
      ticket('T261126-ZZ99YY', {
        status: 'cancelled',
        description: '50% of a_b dark',
        reporter: { name: 'Li Wei', phone: '0537-4412345' },
      }),
      ticket('T261126-QQ11RR', { description: 'noise' }),
    ].map((t, i) => ({ ...t, createdAt: T0 + (i + 1) * 1000 }));
    const ids = async (f: TicketFilter) => (await ctx.store.listTickets(f)).map((t) => t.id);
    beforeEach(async () => {
      await ctx.store.createDevice(device('box-07', { name: '配电箱 3号楼' }));
      await ctx.store.createCompound(compound('gongbao', { name: '工保小区' }));
      await ctx.store.commit(batch({ tickets: all }));
    });

    it('finds the ticket number in any case, with or without its dash, and whole records', async () => {
      expect(await ids({ q: '7k3qx2' })).toStrictEqual(['T261125-7K3QX2']);
      expect(await ids({ q: 't261125 7K3QX2' })).toStrictEqual(['T261125-7K3QX2']);
      expect(await ids({ q: '2611257k3' })).toStrictEqual(['T261125-7K3QX2']);
      expect(await ids({ q: 'T261126-' })).toStrictEqual(['T261126-QQ11RR', 'T261126-ZZ99YY']);
      expect(await ctx.store.listTickets({ q: 'AB12CD' })).toStrictEqual([all[1]]);
    });

    it('finds the reporter by name and by phone typed with spaces or dashes', async () => {
      expect(await ids({ q: '张阿姨' })).toStrictEqual(['T261125-7K3QX2']);
      expect(await ids({ q: 'li wei' })).toStrictEqual(['T261126-ZZ99YY']);
      expect(await ids({ q: '0013 8000' })).toStrictEqual(['T261125-7K3QX2']);
      expect(await ids({ q: '05374412345' })).toStrictEqual(['T261126-ZZ99YY']);
      expect(await ids({ q: '0537-441' })).toStrictEqual(['T261126-ZZ99YY']);
    });

    it('finds address, description (any case), device id and name, compound name', async () => {
      expect(await ids({ q: '12号楼' })).toStrictEqual(['T261125-7K3QX2']);
      expect(await ids({ q: 'PIPE Burst' })).toStrictEqual(['T261125-7K3QX2']);
      expect(await ids({ q: 'BOX-07' })).toStrictEqual(['T261125-AB12CD']);
      expect(await ids({ q: '配电箱' })).toStrictEqual(['T261125-AB12CD']);
      expect(await ids({ q: '工保' })).toStrictEqual(['T261125-AB12CD']);
    });

    it('matches % and _ literally, and never the JSON around a reporter', async () => {
      expect(await ids({ q: '%' })).toStrictEqual(['T261126-ZZ99YY']);
      expect(await ids({ q: '_' })).toStrictEqual(['T261126-ZZ99YY']);
      expect(await ids({ q: '\\' })).toStrictEqual([]);
      expect(await ids({ q: 'phone' })).toStrictEqual([]);
      expect(await ids({ q: 'nothing like it' })).toStrictEqual([]);
    });

    it('combines with status, paging and limit, newest first', async () => {
      expect(await ids({ q: 'T26112' })).toStrictEqual([...all].reverse().map((t) => t.id));
      expect(await ids({ q: 'T26112', status: ['closed', 'cancelled'] })).toStrictEqual([
        'T261126-ZZ99YY',
        'T261125-AB12CD',
      ]);
      const last = all[2]!;
      expect(await ids({ q: 'T26112', before: { at: last.createdAt, id: last.id }, limit: 1 })).toStrictEqual(
        ['T261125-AB12CD'],
      );
      expect(await ids({ q: 'T26112', createdFrom: T0 + 2000, createdTo: T0 + 3000 })).toStrictEqual([
        'T261126-ZZ99YY',
        'T261125-AB12CD',
      ]);
    });

    it('counts what the whole list holds: with q, status, range; never limited by before or limit', async () => {
      expect(await ctx.store.countTickets({})).toBe(4);
      expect(await ctx.store.countTickets({ q: 'T26112' })).toBe(4);
      expect(await ctx.store.countTickets({ q: '0013 8000' })).toBe(1);
      expect(await ctx.store.countTickets({ q: 'T26112', status: ['closed', 'cancelled'] })).toBe(2);
      expect(await ctx.store.countTickets({ createdFrom: T0 + 2000, createdTo: T0 + 3000 })).toBe(2);
      const last = all[3]!;
      expect(
        await ctx.store.countTickets({ q: 'T', before: { at: last.createdAt, id: last.id }, limit: 1 }),
      ).toBe(4);
      expect(await ctx.store.countTickets({ q: 'nothing like it' })).toBe(0);
    });
  });
}
