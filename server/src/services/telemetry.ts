// Telemetry history of one metric of one device, as of now: what the write queue still holds is
// committed first, so a reading that was acknowledged is in the answer.
import { invalid } from '../errors';
import { TELEMETRY_MAX_POINTS, TELEMETRY_MAX_SPAN_DAYS } from '../contracts/dto';
import type { Store, TelemetryPoint } from '../store/store';
import type { TrackResult } from '../store/track';
import type { WriteQueue } from '../store/write-queue';
import type { DeviceRuntime } from './devices';

const DAY_MS = 86_400_000;

export type TelemetryStore = Pick<Store, 'queryTelemetry' | 'queryTrack'>;

export class TelemetryService {
  constructor(
    private readonly store: TelemetryStore,
    private readonly queue: WriteQueue,
  ) {}

  /**
   * Points of `metric` in [from, to], oldest first, at most `limit`; `next` is where the following page
   * starts when there are more. Invalid when the type has no such metric, the range is reversed or
   * longer than TELEMETRY_MAX_SPAN_DAYS.
   */
  async history(
    d: DeviceRuntime,
    metric: string,
    from: number,
    to: number,
    limit: number = TELEMETRY_MAX_POINTS,
  ): Promise<{ points: TelemetryPoint[]; next?: number }> {
    if (!d.type.metricKeys.has(metric)) {
      throw invalid(
        `a ${d.rec.type} has no metric '${metric}'; use one of: ${[...d.type.metricKeys].join(', ')}`,
      );
    }
    if (from > to) throw invalid('`from` must not be after `to`');
    if (to - from > TELEMETRY_MAX_SPAN_DAYS * DAY_MS) {
      throw invalid(`a telemetry range is at most ${TELEMETRY_MAX_SPAN_DAYS} days; ask for a shorter one`);
    }
    await this.queue.flush();
    const points = await this.store.queryTelemetry(d.rec.id, metric, from, to, limit + 1);
    return page(points, limit);
  }

  /** A van's positions in [from, to] (a window checked by services/tracks.ts), at most maxPoints. */
  async track(deviceId: string, from: number, to: number, maxPoints: number): Promise<TrackResult> {
    await this.queue.flush();
    return this.store.queryTrack(deviceId, from, to, maxPoints);
  }
}

/**
 * The first `limit` of `points` (one more was fetched to know there are more). A page ends before the
 * first left-out point's time, so asking again from it repeats nothing; if one millisecond alone holds
 * more than a page, the rest of that millisecond is skipped.
 */
function page(points: TelemetryPoint[], limit: number): { points: TelemetryPoint[]; next?: number } {
  const over = points[limit];
  if (over === undefined) return { points };
  const kept = points.slice(0, limit);
  const before = kept.filter((p) => p.ts < over.ts);
  return before.length > 0 ? { points: before, next: over.ts } : { points: kept, next: over.ts + 1 };
}
