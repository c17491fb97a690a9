// Where each van is drawn right now, for every layer that follows vans (markers, route lines): the
// glides of all vans driven by ONE requestAnimationFrame loop that runs only while something moves.
// Each frame computes the poses once, then tells the subscribers which vans moved.
import { done, planGlide, poseAt, type Glide, type Pose } from './glide';

export interface FrameSource {
  now(): number;
  request(cb: (t: number) => void): number;
  cancel(handle: number): void;
  /** True while the page is not visible (no frames are drawn; fixes are then taken as jumps). */
  hidden(): boolean;
}

const browserFrames: FrameSource = {
  now: () => performance.now(),
  request: (cb) => requestAnimationFrame(cb),
  cancel: (h) => cancelAnimationFrame(h),
  hidden: () => document.visibilityState === 'hidden',
};

/**
 * Positions are stepped at most this often. Vans cross a pixel or two a second at city zoom and a
 * few at street level, so 30 steps a second look as smooth as 60 and leave the compositor half the
 * frames to redo.
 */
export const MOTION_STEP_MS = 1000 / 30 - 2;

/** Called once per step with the vans that moved in it. */
export type FrameListener = (moved: ReadonlySet<string>) => void;

interface Track {
  glide: Glide;
  pose: Pose;
  /** When the last fix arrived (frame clock) and when it was taken (the van's clock, ms), if known. */
  arrivedAt: number;
  takenAt: number | undefined;
}

export class VanMotion {
  // Plain collections: drawing state, read by the frame loop, never rendered by Svelte.
  readonly #tracks = new Map<string, Track>();
  readonly #moving = new Set<string>();
  readonly #listeners = new Set<FrameListener>();
  #handle: number | undefined;
  #paused = false;
  #lastStep = -Infinity;

  constructor(private readonly frames: FrameSource = browserFrames) {}

  /**
   * A new fix (in the map's coordinates), taken at `takenAt` (ms) by the van's clock if known: the
   * gap between two fixes' own times says how long to glide better than their arrival does (fixes
   * arrive in batches). Unchanged fixes cost nothing.
   */
  fix(id: string, to: Pose, takenAt?: number): void {
    const now = this.frames.now();
    const track = this.#tracks.get(id);
    if (track && sameFix(track.glide.to, to)) return;
    const drawn = track ? poseAt(track.glide, now) : undefined;
    let previous = track?.arrivedAt;
    if (track && takenAt !== undefined && track.takenAt !== undefined && takenAt > track.takenAt)
      previous = now - (takenAt - track.takenAt);
    const glide = planGlide(drawn, to, now, previous, this.#paused || this.frames.hidden());
    this.#tracks.set(id, { glide, pose: drawn ?? to, arrivedAt: now, takenAt });
    this.#moving.add(id);
    this.#start();
  }

  remove(id: string): void {
    this.#tracks.delete(id);
    this.#moving.delete(id);
  }

  /** Where the van is drawn now (after the last frame). */
  pose(id: string): Pose | undefined {
    return this.#tracks.get(id)?.pose;
  }

  ids(): IterableIterator<string> {
    return this.#tracks.keys();
  }

  get moving(): boolean {
    return this.#moving.size > 0;
  }

  onFrame(fn: FrameListener): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  /** While paused (the map zooms), fixes jump and no frames run; resume() draws where vans are. */
  pause(): void {
    this.#paused = true;
    this.#stop();
  }

  resume(): void {
    this.#paused = false;
    const now = this.frames.now();
    for (const [id, t] of this.#tracks) {
      t.pose = poseAt(t.glide, now);
      this.#moving.add(id);
    }
    this.#start();
  }

  destroy(): void {
    this.#stop();
    this.#listeners.clear();
    this.#tracks.clear();
    this.#moving.clear();
  }

  /** One frame: advance every moving van, notify, and go on only while something still moves. */
  step(now: number): ReadonlySet<string> {
    const moved = new Set<string>();
    for (const id of this.#moving) {
      const t = this.#tracks.get(id);
      if (!t) {
        this.#moving.delete(id);
        continue;
      }
      t.pose = poseAt(t.glide, now);
      moved.add(id);
      if (done(t.glide, now)) this.#moving.delete(id);
    }
    if (moved.size > 0) for (const fn of this.#listeners) fn(moved);
    return moved;
  }

  #start(): void {
    if (this.#handle !== undefined || this.#paused) return;
    this.#handle = this.frames.request(this.#tick);
  }

  #stop(): void {
    if (this.#handle !== undefined) this.frames.cancel(this.#handle);
    this.#handle = undefined;
  }

  readonly #tick = (): void => {
    this.#handle = undefined;
    const now = this.frames.now();
    if (now - this.#lastStep >= MOTION_STEP_MS) {
      this.#lastStep = now;
      this.step(now);
    }
    if (this.#moving.size > 0) this.#start();
  };
}

function sameFix(a: Pose, b: Pose): boolean {
  return a.lat === b.lat && a.lng === b.lng && a.heading === b.heading;
}
