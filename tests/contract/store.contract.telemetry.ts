// Store contract: telemetry history (one record per message, queried one metric at a time) and
// compaction into rollup buckets (numeric metrics only; value = avg, with min/max/count).
import { describe, expect, it } from 'vitest';
import type { TelemetryRecord } from '../../server/src/store/store';
import { batch, type ContractContext } from './store.contract.fixtures';

/** A bucket boundary: a multiple of one minute. */
const B = 1_700_000_040_000;
const MIN = 60_000;

const row = (deviceId: string, ts: number, data: TelemetryRecord['data']): TelemetryRecord => ({
  deviceId,
  ts,
  data,
});

export function telemetryContract(ctx: ContractContext): void {
  const commit = (rows: TelemetryRecord[]) => ctx.store.commit(batch({ telemetry: rows }));
  const query = (metric: string, from = B - 10 * MIN, to = B + 10 * MIN, deviceId = 'd1') =>
    ctx.store.queryTelemetry(deviceId, metric, from, to);

  describe('telemetry', () => {
    const rows = [
      row('d1', B + 3_000, { a: -3, s: 'y' }),
      row('d1', B, { a: 1, s: 'x', b: true }),
      row('d1', B + 1_000, { a: 2.5 }),
      row('d1', B + 2_000, { b: false }),
      row('d2', B + 1_000, { a: 99 }),
    ];

    it('returns one metric oldest first, skipping messages without it', async () => {
      await commit(rows);
      expect(await query('a')).toStrictEqual([
        { ts: B, value: 1 },
        { ts: B + 1_000, value: 2.5 },
        { ts: B + 3_000, value: -3 },
      ]);
      expect(await query('a', B, B + 3_000, 'd2')).toStrictEqual([{ ts: B + 1_000, value: 99 }]);
    });

    it('includes both ends of the range and nothing outside it', async () => {
      await commit(rows);
      expect(await query('a', B + 1_000, B + 3_000)).toStrictEqual([
        { ts: B + 1_000, value: 2.5 },
        { ts: B + 3_000, value: -3 },
      ]);
      expect(await query('a', B + 1, B + 999)).toStrictEqual([]);
    });

    it('gives booleans back as booleans and strings as strings', async () => {
      await commit(rows);
      expect(await query('b')).toStrictEqual([
        { ts: B, value: true },
        { ts: B + 2_000, value: false },
      ]);
      expect(await query('s')).toStrictEqual([
        { ts: B, value: 'x' },
        { ts: B + 3_000, value: 'y' },
      ]);
    });

    it('gives [] for an unknown metric or device', async () => {
      await commit(rows);
      expect(await query('nope')).toStrictEqual([]);
      expect(await query('a', B, B + 3_000, 'd9')).toStrictEqual([]);
    });
  });

  describe('compactTelemetry', () => {
    const policy = (rawBefore: number, rollupBefore = 0) => ({ rawBefore, rollupBefore, bucketMs: MIN });

    it('folds old rows into buckets with min/max/avg/count and deletes them', async () => {
      await commit([
        row('d1', B, { t: 10, on: true, mode: 'auto' }),
        row('d1', B + 10_000, { t: 20 }),
        row('d1', B + 20_000, { t: 30, h: 50 }),
        row('d1', B + MIN, { t: 40 }),
        row('d1', B + MIN + 30_000, { t: 50.5 }),
        row('d1', B + 2 * MIN, { t: 60, on: false }),
        row('d1', B + 2 * MIN + 1, { t: 70 }),
      ]);
      expect(await ctx.store.compactTelemetry(policy(B + 2 * MIN))).toStrictEqual({
        rolledUp: 5,
        deleted: 0,
      });
      expect(await query('t')).toStrictEqual([
        { ts: B, value: 20, min: 10, max: 30, count: 3 },
        { ts: B + MIN, value: 45.25, min: 40, max: 50.5, count: 2 },
        { ts: B + 2 * MIN, value: 60 }, // exactly rawBefore: still raw
        { ts: B + 2 * MIN + 1, value: 70 },
      ]);
      expect(await query('h')).toStrictEqual([{ ts: B, value: 50, min: 50, max: 50, count: 1 }]);
      // Booleans and strings are not rolled up: their old raw values are gone.
      expect(await query('on')).toStrictEqual([{ ts: B + 2 * MIN, value: false }]);
      expect(await query('mode')).toStrictEqual([]);
      // The raw points themselves are gone: a range inside the bucket finds nothing.
      expect(await query('t', B + 1, B + 30_000)).toStrictEqual([]);
    });

    it('keeps devices and metrics in separate buckets', async () => {
      await commit([row('d1', B, { t: 1, u: 100 }), row('d2', B + 5, { t: 3 }), row('d1', B + 7, { t: 5 })]);
      expect(await ctx.store.compactTelemetry(policy(B + MIN))).toStrictEqual({ rolledUp: 3, deleted: 0 });
      expect(await query('t')).toStrictEqual([{ ts: B, value: 3, min: 1, max: 5, count: 2 }]);
      expect(await query('u')).toStrictEqual([{ ts: B, value: 100, min: 100, max: 100, count: 1 }]);
      expect(await query('t', B, B, 'd2')).toStrictEqual([{ ts: B, value: 3, min: 3, max: 3, count: 1 }]);
    });

    it('merges a later compaction into an existing bucket (count-weighted mean)', async () => {
      await commit([
        row('d1', B, { t: 10 }),
        row('d1', B + 10_000, { t: 20 }),
        row('d1', B + 20_000, { t: 30 }),
        row('d1', B + 50_000, { t: 60 }),
      ]);
      await ctx.store.compactTelemetry(policy(B + 25_000));
      expect(await query('t')).toStrictEqual([
        { ts: B, value: 20, min: 10, max: 30, count: 3 },
        { ts: B + 50_000, value: 60 },
      ]);
      await commit([row('d1', B + 5_000, { t: 0 })]); // late reading for the same bucket
      expect(await ctx.store.compactTelemetry(policy(B + MIN))).toStrictEqual({ rolledUp: 2, deleted: 0 });
      const [bucket, ...rest] = await query('t');
      expect(rest).toStrictEqual([]);
      expect(bucket).toMatchObject({ ts: B, min: 0, max: 60, count: 5 });
      expect(bucket?.value).toBeCloseTo(24, 9); // (10+20+30+0+60)/5, not the mean of the two means
    });

    it('deletes rollups older than rollupBefore and reports how many', async () => {
      await commit([
        row('d1', B, { t: 1, h: 2 }),
        row('d1', B + MIN, { t: 3 }),
        row('d1', B + 2 * MIN, { t: 5 }),
      ]);
      await ctx.store.compactTelemetry(policy(B + 3 * MIN));
      const result = await ctx.store.compactTelemetry(policy(B + 3 * MIN, B + MIN));
      expect(result).toStrictEqual({ rolledUp: 0, deleted: 2 });
      expect(await query('t')).toStrictEqual([
        { ts: B + MIN, value: 3, min: 3, max: 3, count: 1 },
        { ts: B + 2 * MIN, value: 5, min: 5, max: 5, count: 1 },
      ]);
      expect(await query('h')).toStrictEqual([]);
    });

    it('does nothing on an empty store', async () => {
      expect(await ctx.store.compactTelemetry(policy(B + MIN, B))).toStrictEqual({ rolledUp: 0, deleted: 0 });
    });
  });
}
