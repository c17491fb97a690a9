// Store contract: the duty roster (one row per day and shift, upserted) and the escalation fields of a
// ticket (api.md v1.1 "Escalation").
import { describe, expect, it } from 'vitest';
import type { DutyRosterRecord } from '../../server/src/store/store';
import { batch, T0, ticket, type ContractContext } from './store.contract.fixtures';

function entry(date: string, shiftId: string, extra: Partial<DutyRosterRecord> = {}): DutyRosterRecord {
  return { date, shiftId, members: ['wang', 'li'], updatedAt: T0, updatedBy: 'admin', ...extra };
}

export function dutyContract(ctx: ContractContext): void {
  describe('duty roster', () => {
    it('round-trips an entry with every field, and keeps absent ones absent', async () => {
      const full = entry('2026-12-07', 'night', {
        supervisor: 'zhang',
        manager: 'boss',
        members: ['王', 'li'],
      });
      const bare = entry('2026-12-07', 'day', { members: [] });
      await ctx.store.putDutyRoster(full);
      await ctx.store.putDutyRoster(bare);
      expect(await ctx.store.listDutyRoster('2026-12-07', '2026-12-07')).toStrictEqual([bare, full]);
    });

    it('replaces the entry of the same day and shift (last write wins), clearing what the new one lacks', async () => {
      await ctx.store.putDutyRoster(entry('2026-12-07', 'day', { supervisor: 'zhang', manager: 'boss' }));
      const next = entry('2026-12-07', 'day', { members: ['zhao'], updatedAt: T0 + 1, updatedBy: 'root' });
      await ctx.store.putDutyRoster(next);
      expect(await ctx.store.listDutyRoster('2026-12-01', '2026-12-31')).toStrictEqual([next]);
    });

    it('lists the days from–to, both included, by day then shift', async () => {
      for (const d of ['2026-12-06', '2026-12-09', '2026-12-07', '2026-12-08'])
        for (const s of ['night', 'day']) await ctx.store.putDutyRoster(entry(d, s));
      const got = await ctx.store.listDutyRoster('2026-12-07', '2026-12-08');
      expect(got.map((e) => `${e.date}/${e.shiftId}`)).toEqual([
        '2026-12-07/day',
        '2026-12-07/night',
        '2026-12-08/day',
        '2026-12-08/night',
      ]);
      expect(await ctx.store.listDutyRoster('2027-01-01', '2027-01-31')).toEqual([]);
    });

    it('deletes one day-shift, and says whether there was one', async () => {
      await ctx.store.putDutyRoster(entry('2026-12-07', 'day'));
      await ctx.store.putDutyRoster(entry('2026-12-07', 'night'));
      expect(await ctx.store.deleteDutyRoster('2026-12-07', 'day')).toBe(true);
      expect(await ctx.store.deleteDutyRoster('2026-12-07', 'day')).toBe(false);
      expect((await ctx.store.listDutyRoster('2026-12-07', '2026-12-07')).map((e) => e.shiftId)).toEqual([
        'night',
      ]);
    });

    it('keeps a ticket escalation level and clock start, and their absence', async () => {
      const up = ticket('T-esc', { escalationLevel: 2, escalationFrom: T0 + 7 });
      await ctx.store.commit(batch({ tickets: [up, ticket('T-none')] }));
      expect(await ctx.store.getTicket('T-esc')).toStrictEqual(up);
      expect(await ctx.store.getTicket('T-none')).toStrictEqual(ticket('T-none'));
      const { escalationLevel: _l, ...cleared } = { ...up, updatedAt: T0 + 9 };
      await ctx.store.commit(batch({ tickets: [cleared] }));
      expect(await ctx.store.getTicket('T-esc')).toStrictEqual(cleared);
    });
  });
}
