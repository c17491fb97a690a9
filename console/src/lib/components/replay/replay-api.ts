// What the replay reads (api.md "Roads, routes and tracks"): the van's track (with X-Track-Thinned)
// and stops, the alarms raised in the window (the alarm list is newest first: paged back until
// before the window) and the van's tickets.
import { ApiError, get } from '../../api/client';
import type { AlarmDto, TicketDto } from '../../api/types';
import type { StopDto, TrackPointDto } from '../../../../../server/src/contracts/dto';
import type { TrackPoint } from './timeline';

export type { StopDto };

const window = (from: number, to: number) =>
  `from=${encodeURIComponent(new Date(from).toISOString())}&to=${encodeURIComponent(new Date(to).toISOString())}`;

export async function fetchTrack(
  vanId: string,
  from: number,
  to: number,
  signal?: AbortSignal,
): Promise<{ points: TrackPoint[]; thinned: boolean }> {
  const res = await fetch(`/api/vans/${encodeURIComponent(vanId)}/track?${window(from, to)}`, {
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
    ...(signal && { signal }),
  });
  const body = (await res.json().catch(() => undefined)) as unknown;
  if (!res.ok) {
    const err = (body ?? {}) as { error?: string; message?: string };
    throw new ApiError(res.status, err.error ?? 'http_error', err.message ?? `${res.status}`);
  }
  const points = (body as TrackPointDto[]).map((p) => ({
    t: Date.parse(p.ts),
    lat: p.lat,
    lng: p.lng,
    ...(p.speed_kmh !== undefined && { speed: p.speed_kmh }),
    ...(p.heading !== undefined && { heading: p.heading }),
  }));
  return { points, thinned: res.headers.get('x-track-thinned') === 'true' };
}

export const fetchStops = (vanId: string, from: number, to: number, signal?: AbortSignal) =>
  get<StopDto[]>(`/api/vans/${encodeURIComponent(vanId)}/stops?${window(from, to)}`, signal);

/** Most alarm pages read for one window (1000 each): a storm beyond that is cut, oldest part first. */
const MAX_ALARM_PAGES = 5;

export async function fetchAlarmsSince(from: number, signal?: AbortSignal): Promise<AlarmDto[]> {
  const out: AlarmDto[] = [];
  let before: string | undefined;
  for (let page = 0; page < MAX_ALARM_PAGES; page++) {
    const batch = await get<AlarmDto[]>(
      `/api/alarms?limit=1000${before ? `&before=${encodeURIComponent(before)}` : ''}`,
      signal,
    );
    out.push(...batch);
    const last = batch.at(-1);
    if (!last || batch.length < 1000 || Date.parse(last.raisedAt) < from) break;
    before = last.id;
  }
  return out;
}

export const fetchVanTickets = (vanId: string, signal?: AbortSignal) =>
  get<TicketDto[]>(`/api/tickets?vanId=${encodeURIComponent(vanId)}&limit=1000`, signal);
