// Store contract: bounded reads — queryTelemetry's limit (rollups first, then raw points) and the
// `before` keyset cursor of listAlarms and listTickets (newest first by time, then id).
import { describe, expect, it } from 'vitest';
import { alarm, batch, T0, ticket, type ContractContext } from './store.contract.fixtures';

const MIN = 60_000;
const B = 1_700_000_040_000;

export function pagingContract(ctx: ContractContext): void {
  describe('paging', () => {
    it('queryTelemetry returns at most limit points, rollups first, skipping messages without the metric', async () => {
      await ctx.store.commit(
        batch({
          telemetry: [
            { deviceId: 'd1', ts: B, data: { t: 1 } },
            { deviceId: 'd1', ts: B + 1_000, data: { t: 2 } },
            { deviceId: 'd1', ts: B + 2 * MIN, data: { other: 0 } },
            { deviceId: 'd1', ts: B + 2 * MIN + 1, data: { t: 3 } },
            { deviceId: 'd1', ts: B + 2 * MIN + 2, data: { t: 4 } },
          ],
        }),
      );
      await ctx.store.compactTelemetry({ rawBefore: B + MIN, rollupBefore: 0, bucketMs: MIN });
      const q = (limit?: number) => ctx.store.queryTelemetry('d1', 't', B - MIN, B + 3 * MIN, limit);
      expect((await q()).map((p) => p.value)).toStrictEqual([1.5, 3, 4]);
      expect((await q(2)).map((p) => p.value)).toStrictEqual([1.5, 3]);
      expect((await q(1)).map((p) => p.value)).toStrictEqual([1.5]);
      expect(await q(10)).toHaveLength(3);
    });

    it('listAlarms and listTickets continue after the `before` cursor, ties broken by id', async () => {
      await ctx.store.commit(
        batch({
          alarms: [
            alarm('a1', { rule: 'r1', raisedAt: T0 }),
            alarm('a2', { rule: 'r2', raisedAt: T0 + 1 }),
            alarm('a3', { rule: 'r3', raisedAt: T0 + 1 }),
            alarm('a4', { rule: 'r4', raisedAt: T0 + 2 }),
          ],
          tickets: [
            ticket('T-1', { createdAt: T0 }),
            ticket('T-2', { createdAt: T0 + 1 }),
            ticket('T-3', { createdAt: T0 + 1 }),
          ],
        }),
      );
      const alarmIds = async (f: Parameters<typeof ctx.store.listAlarms>[0]) =>
        (await ctx.store.listAlarms(f)).map((a) => a.id);
      expect(await alarmIds({})).toStrictEqual(['a4', 'a3', 'a2', 'a1']);
      expect(await alarmIds({ before: { at: T0 + 1, id: 'a3' }, limit: 2 })).toStrictEqual(['a2', 'a1']);
      expect(await alarmIds({ before: { at: T0 + 2, id: 'a4' }, limit: 1 })).toStrictEqual(['a3']);
      expect(await alarmIds({ before: { at: T0, id: 'a1' } })).toStrictEqual([]);
      const ticketIds = async (f: Parameters<typeof ctx.store.listTickets>[0]) =>
        (await ctx.store.listTickets(f)).map((t) => t.id);
      expect(await ticketIds({ before: { at: T0 + 1, id: 'T-3' } })).toStrictEqual(['T-2', 'T-1']);
      expect(await ticketIds({ before: { at: T0 + 1, id: 'T-2' }, status: ['new'] })).toStrictEqual(['T-1']);
    });
  });
}
