// Van motion on the map: gliding between fixes, the shared frame loop, and the label declutter.
import { describe, expect, it } from 'vitest';
import { declutter, estimateLabelWidth, LABEL_GAP_PX, type LabelCandidate } from './declutter';
import { distanceM, lerpHeading, planGlide, plausibleMove, poseAt, type Pose } from './glide';
import { MOTION_STEP_MS, VanMotion, type FrameSource } from './van-motion';

const A: Pose = { lat: 35.597, lng: 116.99, heading: 10 };
/** About 100 m north-east of A. */
const B: Pose = { lat: 35.5976, lng: 116.9908, heading: 50 };

describe('glide between fixes', () => {
  it('starts where the marker is drawn and ends at the fix, in about the gap between fixes', () => {
    const g = planGlide(A, B, 10_000, 9_000);
    expect(g).toMatchObject({ from: A, to: B, start: 10_000, duration: 1000 });
    const mid = poseAt(g, 10_500);
    expect(mid.lat).toBeGreaterThan(A.lat);
    expect(mid.lat).toBeLessThan(B.lat);
    expect(mid.lng).toBeGreaterThan(A.lng);
    expect(mid.lng).toBeLessThan(B.lng);
    expect(mid.heading).toBeCloseTo(30);
    expect(poseAt(g, 11_000)).toEqual(B);
    expect(poseAt(g, 99_000)).toEqual(B);
  });

  it('jumps for a first fix, a forced snap, or a move no van could drive', () => {
    const far: Pose = { lat: 35.7, lng: 117.2, heading: 0 };
    expect(planGlide(undefined, B, 0, undefined).duration).toBe(0);
    expect(planGlide(A, B, 10_000, 9_000, true).duration).toBe(0);
    expect(plausibleMove(A, far, 1000)).toBe(false);
    const jump = planGlide(A, far, 10_000, 9_000);
    expect(jump.duration).toBe(0);
    expect(poseAt(jump, 10_000)).toEqual(far);
  });

  it('keeps glides between 0.2 and 2.5 s whatever the gap between fixes', () => {
    expect(planGlide(A, B, 10_000, 9_990).duration).toBe(200);
    expect(planGlide(A, B, 10_000, 0).duration).toBe(2500);
  });

  it('turns the short way round', () => {
    expect(lerpHeading(350, 10, 0.5)).toBeCloseTo(0);
    expect(lerpHeading(10, 350, 0.25)).toBeCloseTo(5);
    expect(lerpHeading(90, 270, 0)).toBe(90);
  });

  it('measures metres', () => {
    expect(distanceM(A, { ...A, lat: A.lat + 0.001 })).toBeCloseTo(111.2, 0);
  });
});

/** A hand-driven frame clock. */
function fakeFrames(): FrameSource & {
  t: number;
  hiddenNow: boolean;
  run(ms: number): void;
  pending: number;
} {
  let queue: ((t: number) => void)[] = [];
  const f = {
    t: 0,
    hiddenNow: false,
    get pending() {
      return queue.length;
    },
    now: () => f.t,
    request: (cb: (t: number) => void) => queue.push(cb),
    cancel: () => {
      queue = [];
    },
    hidden: () => f.hiddenNow,
    /** Advances time frame by frame (60 Hz) for `ms`. */
    run(ms: number) {
      for (const end = f.t + ms; f.t < end;) {
        f.t += 1000 / 60;
        const due = queue;
        queue = [];
        for (const cb of due) cb(f.t);
      }
    },
  };
  return f;
}

describe('the shared frame loop', () => {
  it('moves every van from one loop, reports who moved, and stops when nothing moves', () => {
    const frames = fakeFrames();
    const motion = new VanMotion(frames);
    const steps: string[][] = [];
    motion.onFrame((moved) => steps.push([...moved].sort()));
    motion.fix('v1', A);
    motion.fix('v2', A);
    expect(frames.pending).toBe(1); // one loop for all vans
    frames.run(100);
    expect(motion.pose('v1')).toEqual(A);
    frames.run(500);
    expect(frames.pending).toBe(0); // both arrived: the loop has stopped

    frames.t = 10_000;
    motion.fix('v1', B);
    frames.run(400);
    const p = motion.pose('v1')!;
    expect(p.lat).toBeGreaterThan(A.lat);
    expect(p.lat).toBeLessThan(B.lat);
    expect(motion.pose('v2')).toEqual(A);
    expect(steps.at(-1)).toEqual(['v1']);
    frames.run(2500);
    expect(motion.pose('v1')).toEqual(B);
    expect(frames.pending).toBe(0);
  });

  it('steps at most about 30 times a second', () => {
    const frames = fakeFrames();
    const motion = new VanMotion(frames);
    let steps = 0;
    motion.onFrame(() => steps++);
    motion.fix('v1', A);
    frames.run(50);
    frames.t = 10_000;
    motion.fix('v1', B);
    steps = 0;
    frames.run(990);
    expect(steps).toBeLessThanOrEqual(Math.ceil(1000 / MOTION_STEP_MS));
    expect(steps).toBeGreaterThanOrEqual(25);
  });

  it('jumps while the page is hidden or the map is zooming, and an unchanged fix costs nothing', () => {
    const frames = fakeFrames();
    const motion = new VanMotion(frames);
    motion.fix('v1', A);
    frames.run(50);
    frames.t = 5000;
    frames.hiddenNow = true;
    motion.fix('v1', B);
    frames.run(20);
    expect(motion.pose('v1')).toEqual(B);
    frames.hiddenNow = false;

    motion.pause();
    motion.fix('v1', A);
    expect(frames.pending).toBe(0);
    motion.resume();
    frames.run(20);
    expect(motion.pose('v1')).toEqual(A);
    frames.run(100);
    motion.fix('v1', A);
    expect(frames.pending).toBe(0);
  });
});

describe('van label declutter', () => {
  const label = (id: string, x: number, y: number, priority = 1): LabelCandidate => ({
    id,
    x,
    y,
    w: 60,
    h: 18,
    priority,
  });

  it('shows labels that fit and hides one that would overlap, the busier van winning', () => {
    const shown = declutter([label('a', 100, 100), label('b', 110, 104, 2), label('c', 400, 100)]);
    expect([...shown].sort()).toEqual(['b', 'c']);
  });

  it('does not cover another van with a label', () => {
    // d sits right where c's label would go.
    const shown = declutter([label('c', 100, 100, 2), label('d', 100 + LABEL_GAP_PX + 20, 100)]);
    expect(shown.has('c')).toBe(false);
    expect(shown.has('d')).toBe(true);
  });

  it('keeps every label when vans are far apart, and places the same set every time', () => {
    const items = Array.from({ length: 50 }, (_, i) =>
      label(`v${i}`, (i % 10) * 120, Math.floor(i / 10) * 40),
    );
    expect(declutter(items).size).toBe(50);
    const crowd = Array.from({ length: 50 }, (_, i) => label(`v${i}`, 100 + (i % 5) * 3, 100 + i));
    expect([...declutter(crowd)]).toEqual([...declutter([...crowd].reverse())]);
  });

  it('estimates wide CJK and narrow Latin labels', () => {
    expect(estimateLabelWidth('一号车')).toBe(48);
    expect(estimateLabelWidth('Van 1')).toBe(48);
  });
});

describe('glide length from the fixes’ own times', () => {
  it('glides as long as the van took between its fixes, not as long as they took to arrive', () => {
    const frames = fakeFrames();
    const motion = new VanMotion(frames);
    motion.fix('v1', A, 1_000_000);
    frames.run(50);
    frames.t = 200; // arrived 150 ms after the first, but taken 2 s later
    motion.fix('v1', B, 1_002_000);
    frames.run(1000);
    const p = motion.pose('v1')!;
    expect(p.lat).toBeGreaterThan(A.lat);
    expect(p.lat).toBeLessThan(B.lat);
    frames.run(1100);
    expect(motion.pose('v1')).toEqual(B);
  });
});
