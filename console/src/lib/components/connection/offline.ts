// The offline strip's decisions (pure): since when the page's data is stale, and when to chime.
// The data goes stale when a live page loses its connection and stays stale through the reconnect
// and the snapshot reload, until the page is live again. A page that never was live shows no data,
// so nothing is stale. One chime after a minute offline, never again until the page is live again.
import type { ConnState } from '../../realtime/connection.svelte';

/** How long the page is offline before it chimes. */
export const CHIME_AFTER_MS = 60_000;

export interface OfflineTrack {
  /** The page has been live at least once (it has data that can go stale). */
  wasLive: boolean;
  /** When the data went stale (epoch ms); undefined while live. */
  since: number | undefined;
  /** The chime of this outage was sounded (or attempted). */
  chimed: boolean;
}

export const INITIAL: OfflineTrack = { wasLive: false, since: undefined, chimed: false };

/** The track after the connection state is `state` at `now`. */
export function trackOffline(prev: OfflineTrack, state: ConnState, now: number): OfflineTrack {
  if (state === 'live') return { wasLive: true, since: undefined, chimed: false };
  if (!prev.wasLive || prev.since !== undefined) return prev;
  return { ...prev, since: now };
}

/** Whether the chime is due at `now` (once per outage, after a minute). */
export function chimeDue(track: OfflineTrack, now: number): boolean {
  return track.since !== undefined && !track.chimed && now - track.since >= CHIME_AFTER_MS;
}

export type Age =
  | { unit: 'seconds'; n: number }
  | { unit: 'minutes'; n: number }
  | { unit: 'hours'; h: number; m: number }
  | { unit: 'days'; n: number };

/** A span as a dispatcher reads it at a glance: seconds under a minute, then whole minutes, hours, days. */
export function ageOf(ms: number): Age {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return { unit: 'seconds', n: s };
  const m = Math.floor(s / 60);
  if (m < 60) return { unit: 'minutes', n: m };
  const h = Math.floor(m / 60);
  if (h < 24) return { unit: 'hours', h, m: m % 60 };
  return { unit: 'days', n: Math.floor(h / 24) };
}
