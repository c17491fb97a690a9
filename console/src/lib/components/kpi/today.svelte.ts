// Today's mean response time for the KPI strip, from GET /api/stats (the server's default range is
// today in Asia/Shanghai). Loaded on start, every minute, and when the page calls refresh() (a ticket
// reached its site); a failed load keeps the last figure rather than blanking the strip.
import { api } from '../../api/endpoints';

const EVERY_MS = 60_000;

export class TodayStats {
  /** Seconds; null when no ticket of today has arrived yet; undefined until the first load. */
  meanResponseS = $state<number | null | undefined>(undefined);
  #ctl: AbortController | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;

  /** Starts loading; returns the stop function. */
  start(): () => void {
    this.refresh();
    this.#timer = setInterval(() => this.refresh(), EVERY_MS);
    return () => {
      clearInterval(this.#timer);
      this.#ctl?.abort();
    };
  }

  refresh(): void {
    this.#ctl?.abort();
    const ctl = new AbortController();
    this.#ctl = ctl;
    api.statsToday(ctl.signal).then(
      (s) => {
        if (!ctl.signal.aborted) this.meanResponseS = s.responseTime.meanS;
      },
      () => {
        // Keep the last figure; the next minute tries again (a 401 is handled by the client).
      },
    );
  }
}
