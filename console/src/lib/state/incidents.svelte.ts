// The server's active incidents, silences and withheld alarms on the dispatcher page (api.md
// "Incidents, silences, flapping"). There is no incident socket event: alarm events and every
// (re)sync refresh them, at most once per REFRESH_MS. An unreachable endpoint is remembered (`reachable`), so the storm banner
// can fall back to the client-side guess; it never keeps the page from going live.
import { ApiError } from '../api/client';
import { api } from '../api/endpoints';
import type { IncidentDto, SilenceDto, WithheldAlarmDto } from '../api/types';
import type { LiveSocket, LiveSource } from '../realtime/source';

export const REFRESH_MS = 1000;

export class IncidentFeed implements LiveSource {
  incidents = $state.raw<IncidentDto[]>([]);
  silences = $state.raw<SilenceDto[]>([]);
  /** Active alarms the server keeps without a ticket of their own, with its reason. */
  withheld = $state.raw<WithheldAlarmDto[]>([]);
  /** False after the incidents endpoint failed (until it answers again); undefined before the first answer. */
  reachable = $state<boolean | undefined>();
  /** The last failure's message. */
  problem = $state('');

  #timer: ReturnType<typeof setTimeout> | undefined;
  #lastAt = 0;
  #inflight: Promise<void> | undefined;
  #again = false;
  /** Only the answer of the latest fetch is applied (a resync's and a refresh's may overlap). */
  #seq = 0;

  listen(socket: LiveSocket): void {
    const soon = (): void => this.refreshSoon();
    socket.on('alarm:raised', soon);
    socket.on('alarm:updated', soon);
    socket.on('alarm:cleared', soon);
  }

  hold(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Part of every (re)sync; a failure here is reported, not thrown (the rest of the page is live). */
  async load(signal: AbortSignal): Promise<void> {
    await this.#fetch(signal);
    signal.throwIfAborted();
  }

  /** Refresh at most once per REFRESH_MS: now if the last was long enough ago, else when it is due. */
  refreshSoon(): void {
    if (this.#timer !== undefined) return;
    const wait = Math.max(0, this.#lastAt + REFRESH_MS - Date.now());
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.refresh();
    }, wait);
  }

  /** Fetch now (after a change made from this page); a fetch under way is followed by one more. */
  async refresh(): Promise<void> {
    if (this.#inflight) {
      this.#again = true;
      return this.#inflight;
    }
    this.#inflight = this.#fetch();
    try {
      await this.#inflight;
    } finally {
      this.#inflight = undefined;
    }
    if (this.#again) {
      this.#again = false;
      this.refreshSoon();
    }
  }

  stop(): void {
    this.hold();
  }

  async #fetch(signal?: AbortSignal): Promise<void> {
    this.#lastAt = Date.now();
    const seq = ++this.#seq;
    const [incidents, silences, withheld] = await Promise.allSettled([
      api.activeIncidents(signal),
      api.silences(signal),
      api.withheld(signal),
    ]);
    if (signal?.aborted || seq !== this.#seq) return;
    if (incidents.status === 'fulfilled') {
      this.incidents = incidents.value;
      this.reachable = true;
      this.problem = '';
    } else {
      this.reachable = false;
      this.problem = messageOf(incidents.reason);
    }
    if (silences.status === 'fulfilled') this.silences = silences.value;
    if (withheld.status === 'fulfilled') this.withheld = withheld.value;
  }
}

function messageOf(err: unknown): string {
  return err instanceof ApiError || err instanceof Error ? err.message : String(err);
}

/** One source made of several: each listens, holds and loads (together) on every (re)sync. */
export function combineSources(...sources: LiveSource[]): LiveSource {
  return {
    listen: (socket) => sources.forEach((s) => s.listen(socket)),
    hold: () => sources.forEach((s) => s.hold()),
    load: async (signal) => {
      await Promise.all(sources.map((s) => s.load(signal)));
    },
  };
}
