// The replay page's state: which van and window, what was read for it (track, stops, alarms and
// tickets as timeline marks), and the replay clock that runs at 1×–20× on animation frames.
import { ApiError, get } from '../../api/client';
import type { DeviceDto, VanDto } from '../../api/types';
import { TIME_ZONE } from '../../i18n/format';
import { haversineM } from '../../../../../server/src/pipeline/geo';
import { fetchAlarmsSince, fetchStops, fetchTrack, fetchVanTickets, type StopDto } from './replay-api';
import {
  fromLocalInput,
  marksOf,
  poseAt,
  presetWindow,
  toLocalInput,
  type Mark,
  type PresetId,
  type Speed,
  type TrackPoint,
} from './timeline';

export type WindowChoice = PresetId | 'custom';

export class Replay {
  vans = $state.raw<VanDto[]>([]);
  #deviceList = $state.raw<DeviceDto[]>([]);
  /** Devices by id: the name, type and place of an alarm's device (rebuilt whole, never mutated). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly devices = $derived(new Map(this.#deviceList.map((d) => [d.id, d])));
  vanId = $state<string>('');
  choice = $state<WindowChoice>('lastHour');
  customFrom = $state('');
  customTo = $state('');

  /** The window read, epoch ms (0: nothing read yet). */
  from = $state(0);
  to = $state(0);
  points = $state.raw<TrackPoint[]>([]);
  thinned = $state(false);
  stops = $state.raw<StopDto[]>([]);
  marks = $state.raw<Mark[]>([]);
  loading = $state(false);
  error = $state<string | undefined>();
  /** The error is one of the page's own messages (an i18n key), not the server's text. */
  errorKey = $state<'replay.badWindow' | undefined>();

  clock = $state(0);
  playing = $state(false);
  speed = $state<Speed>(10);
  follow = $state(true);
  /** The mark clicked last: what it was shows beside the timeline, its device on the map. */
  selected = $state.raw<Mark | undefined>();

  readonly pose = $derived(poseAt(this.points, this.clock));
  /** Playing runs from the first fix to the last. */
  readonly start = $derived(this.points[0]?.t ?? this.from);
  readonly end = $derived(this.points.at(-1)?.t ?? this.to);
  readonly atEnd = $derived(this.points.length > 0 && this.clock >= this.end);
  readonly distanceKm = $derived(pathKm(this.points));

  #frame = 0;
  #last = 0;
  #abort: AbortController | undefined;

  constructor(private readonly now: () => number = Date.now) {
    const w = presetWindow('lastHour', now(), TIME_ZONE);
    this.customFrom = toLocalInput(w.from, TIME_ZONE);
    this.customTo = toLocalInput(w.to, TIME_ZONE);
  }

  /** The vans and devices; the van asked for in the URL (?van=) or the first one; then its last hour. */
  async init(wanted: string | null): Promise<void> {
    const [vans, devices] = await Promise.all([get<VanDto[]>('/api/vans'), get<DeviceDto[]>('/api/devices')]);
    this.vans = vans;
    this.#deviceList = devices;
    this.vanId = vans.find((v) => v.id === wanted)?.id ?? vans[0]?.id ?? '';
    if (this.vanId) await this.load();
  }

  choose(choice: WindowChoice): void {
    this.choice = choice;
    if (choice !== 'custom') void this.load();
  }

  #window(): { from: number; to: number } | undefined {
    if (this.choice !== 'custom') return presetWindow(this.choice, this.now(), TIME_ZONE);
    const from = fromLocalInput(this.customFrom, TIME_ZONE);
    const to = fromLocalInput(this.customTo, TIME_ZONE);
    return from !== undefined && to !== undefined && from < to ? { from, to } : undefined;
  }

  async load(): Promise<void> {
    const w = this.#window();
    this.error = undefined;
    this.errorKey = undefined;
    if (!w) {
      this.errorKey = 'replay.badWindow';
      return;
    }
    if (!this.vanId) return;
    this.pause();
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.loading = true;
    try {
      const [track, stops, alarms, tickets] = await Promise.all([
        fetchTrack(this.vanId, w.from, w.to, abort.signal),
        fetchStops(this.vanId, w.from, w.to, abort.signal),
        fetchAlarmsSince(w.from, abort.signal),
        fetchVanTickets(this.vanId, abort.signal),
      ]);
      if (abort.signal.aborted) return;
      this.from = w.from;
      this.to = w.to;
      this.points = track.points;
      this.thinned = track.thinned;
      this.stops = stops;
      this.marks = marksOf(alarms, tickets, w.from, w.to);
      this.selected = undefined;
      this.clock = this.start;
    } catch (e) {
      if (abort.signal.aborted) return;
      this.error = e instanceof ApiError || e instanceof Error ? e.message : String(e);
    } finally {
      if (this.#abort === abort) this.loading = false;
    }
  }

  play(): void {
    if (this.points.length === 0 || this.playing) return;
    if (this.atEnd || this.clock < this.start) this.clock = this.start;
    this.playing = true;
    this.#last = performance.now();
    this.#frame = requestAnimationFrame(this.#tick);
  }

  pause(): void {
    this.playing = false;
    cancelAnimationFrame(this.#frame);
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  seek(t: number): void {
    this.clock = Math.min(this.to, Math.max(this.from, t));
  }

  /** A mark or a stop clicked: the clock goes there, and the mark shows what it was. */
  jump(t: number, mark?: Mark): void {
    this.pause();
    this.seek(t);
    this.selected = mark;
  }

  #tick = (now: number): void => {
    if (!this.playing) return;
    const dt = Math.min(now - this.#last, 250); // a hidden tab resumes where it was, not far ahead
    this.#last = now;
    const next = this.clock + dt * this.speed;
    if (next >= this.end) {
      this.clock = this.end;
      this.pause();
      return;
    }
    this.clock = next;
    this.#frame = requestAnimationFrame(this.#tick);
  };

  destroy(): void {
    this.pause();
    this.#abort?.abort();
  }
}

/** Length of the trail in km (raw fixes; rollup points make it an underestimate). */
function pathKm(points: readonly TrackPoint[]): number {
  let m = 0;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    m += haversineM(a.lat, a.lng, b.lat, b.lng);
  }
  return m / 1000;
}
