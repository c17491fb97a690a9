// Telemetry history of one metric of one device, as of now: what the write queue still holds is
// committed first, so a reading that was acknowledged is in the answer.
import { invalid } from '../errors';
import type { Store, TelemetryPoint } from '../store/store';
import type { WriteQueue } from '../store/write-queue';
import type { DeviceRuntime } from './devices';

export type TelemetryStore = Pick<Store, 'queryTelemetry'>;

export class TelemetryService {
  constructor(
    private readonly store: TelemetryStore,
    private readonly queue: WriteQueue,
  ) {}

  /** Points of `metric` in [from, to], oldest first; invalid when the type has no such metric or the range is reversed. */
  async history(d: DeviceRuntime, metric: string, from: number, to: number): Promise<TelemetryPoint[]> {
    if (!d.type.metricKeys.has(metric)) {
      throw invalid(
        `a ${d.rec.type} has no metric '${metric}'; use one of: ${[...d.type.metricKeys].join(', ')}`,
      );
    }
    if (from > to) throw invalid('`from` must not be after `to`');
    await this.queue.flush();
    return this.store.queryTelemetry(d.rec.id, metric, from, to);
  }
}
