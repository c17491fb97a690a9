// Store contract: a van's track read from its telemetry — positions oldest first (messages with both
// lat and lng), rollup buckets (averages, no heading) before the raw window, and even thinning.
import { describe, expect, it } from 'vitest';
import type { TelemetryRecord } from '../../server/src/store/store';
import { batch, type ContractContext } from './store.contract.fixtures';

const B = 1_700_000_040_000;
const MIN = 60_000;

const fix = (ts: number, lat: number, lng: number, extra: TelemetryRecord['data'] = {}): TelemetryRecord => ({
  deviceId: 'van1',
  ts,
  data: { lat, lng, ...extra },
});

export function trackContract(ctx: ContractContext): void {
  const commit = (rows: TelemetryRecord[]) => ctx.store.commit(batch({ telemetry: rows }));

  describe('queryTrack', () => {
    it('gives positions oldest first with speed and heading, skipping messages without a position', async () => {
      await commit([
        fix(B + 2_000, 35.2, 116.2, { speed_kmh: 20, heading: 90 }),
        fix(B, 35, 116),
        { deviceId: 'van1', ts: B + 1_000, data: { speed_kmh: 5 } },
        { deviceId: 'van1', ts: B + 1_500, data: { lat: 35.1 } },
        fix(B + 3_000, 35.3, 116.3),
        { deviceId: 'van2', ts: B + 1_000, data: { lat: 1, lng: 2 } },
      ]);
      const r = await ctx.store.queryTrack('van1', B, B + 2_000, 100);
      expect(r).toStrictEqual({
        points: [
          { ts: B, lat: 35, lng: 116 },
          { ts: B + 2_000, lat: 35.2, lng: 116.2, speed_kmh: 20, heading: 90 },
        ],
        thinned: false,
      });
      expect(await ctx.store.queryTrack('nobody', B, B + 9_000, 100)).toStrictEqual({
        points: [],
        thinned: false,
      });
    });

    it('thins evenly to at most maxPoints, keeping the first and the last', async () => {
      await commit(Array.from({ length: 101 }, (_, i) => fix(B + i * 1_000, 35 + i / 1000, 116)));
      const r = await ctx.store.queryTrack('van1', B, B + 200_000, 10);
      expect(r.thinned).toBe(true);
      expect(r.points.length).toBeLessThanOrEqual(10);
      expect(r.points[0]?.ts).toBe(B);
      expect(r.points.at(-1)?.ts).toBe(B + 100_000);
      const gaps = r.points.slice(1, -1).map((p, i) => p.ts - r.points[i]!.ts);
      expect(new Set(gaps).size).toBe(1);
    });

    it('gives rollup buckets (averages, no heading) once compaction folded the raw rows', async () => {
      await commit([
        fix(B, 35, 116, { speed_kmh: 10, heading: 350 }),
        fix(B + 30_000, 35.002, 116.002, { speed_kmh: 30, heading: 10 }),
        fix(B + 2 * MIN, 35.01, 116.01, { speed_kmh: 40, heading: 180 }),
      ]);
      await ctx.store.compactTelemetry({ rawBefore: B + MIN, rollupBefore: 0, bucketMs: MIN });
      const r = await ctx.store.queryTrack('van1', B - MIN, B + 3 * MIN, 100);
      expect(r.points).toHaveLength(2);
      expect(r.points[0]).toMatchObject({ ts: B, speed_kmh: 20, rollup: true });
      expect(r.points[0]?.lat).toBeCloseTo(35.001, 9);
      expect(r.points[0]?.lng).toBeCloseTo(116.001, 9);
      expect(r.points[0]).not.toHaveProperty('heading');
      expect(r.points[1]).toStrictEqual({
        ts: B + 2 * MIN,
        lat: 35.01,
        lng: 116.01,
        speed_kmh: 40,
        heading: 180,
      });
    });
  });
}
