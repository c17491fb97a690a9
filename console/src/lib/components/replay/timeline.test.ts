import { describe, expect, it } from 'vitest';
import type { AlarmDto, TicketDto } from '../../api/types';
import {
  bearing,
  fraction,
  fromLocalInput,
  indexAt,
  lerpAngle,
  marksOf,
  poseAt,
  presetWindow,
  toLocalInput,
  tzOffsetMin,
  type TrackPoint,
} from './timeline';

const TZ = 'Asia/Shanghai';
const P: TrackPoint[] = [
  { t: 1000, lat: 35.59, lng: 116.99, speed: 0, heading: 0 },
  { t: 11_000, lat: 35.6, lng: 116.99, speed: 36, heading: 0 },
  { t: 21_000, lat: 35.6, lng: 117.0, speed: 20 },
];

describe('poseAt', () => {
  it('interpolates position, speed and heading between fixes in proportion to time', () => {
    const p = poseAt(P, 6000)!;
    expect(p.lat).toBeCloseTo(35.595, 9);
    expect(p.lng).toBeCloseTo(116.99, 9);
    expect(p.speed).toBe(18);
    expect(p.index).toBe(0);
    const q = poseAt(P, 16_000)!;
    expect(q.lng).toBeCloseTo(116.995, 9);
    expect(q.heading).toBe(0); // the second fix says 0, the third has none: kept
  });

  it('stays on the first fix before the track and on the last one after it', () => {
    expect(poseAt(P, 0)).toMatchObject({ lat: 35.59, index: -1 });
    expect(poseAt(P, 99_000)).toMatchObject({ lat: 35.6, lng: 117.0, index: 2 });
    expect(poseAt([], 5)).toBeUndefined();
    expect(poseAt([P[0]!], 5)).toMatchObject({ lat: 35.59, heading: 0 });
  });

  it('takes the bearing of the leg when fixes carry no heading', () => {
    const east = [
      { t: 0, lat: 35.6, lng: 116.99 },
      { t: 10, lat: 35.6, lng: 117.0 },
    ];
    expect(poseAt(east, 5)!.heading).toBeCloseTo(90, 6);
    expect(bearing({ lat: 35.6, lng: 117 }, { lat: 35.59, lng: 117 })).toBeCloseTo(180, 6);
  });

  it('turns the short way round', () => {
    expect(lerpAngle(350, 10, 0.5)).toBeCloseTo(0, 9);
    expect(lerpAngle(10, 350, 0.25)).toBeCloseTo(5, 9);
  });

  it('finds the last fix at or before a moment', () => {
    expect(indexAt(P, 999)).toBe(-1);
    expect(indexAt(P, 1000)).toBe(0);
    expect(indexAt(P, 20_999)).toBe(1);
    expect(indexAt(P, 21_000)).toBe(2);
  });
});

describe('windows in the site time', () => {
  // 2026-12-07 15:30 in Qufu (07:30 UTC).
  const now = Date.UTC(2026, 11, 7, 7, 30);

  it('knows the site offset', () => {
    expect(tzOffsetMin(now, TZ)).toBe(480);
  });

  it('gives last hour, today from 00:00 and last night 20:00–06:00', () => {
    expect(presetWindow('lastHour', now, TZ)).toStrictEqual({ from: now - 3_600_000, to: now });
    expect(presetWindow('today', now, TZ)).toStrictEqual({ from: Date.UTC(2026, 11, 6, 16), to: now });
    expect(presetWindow('lastNight', now, TZ)).toStrictEqual({
      from: Date.UTC(2026, 11, 6, 12),
      to: Date.UTC(2026, 11, 6, 22),
    });
  });

  it('before 06:00 "last night" is the night still going, up to now', () => {
    const early = Date.UTC(2026, 11, 6, 19); // 03:00 on the 7th in Qufu
    expect(presetWindow('lastNight', early, TZ)).toStrictEqual({
      from: Date.UTC(2026, 11, 6, 12),
      to: early,
    });
  });

  it('reads and writes datetime-local values in the site time', () => {
    expect(toLocalInput(now, TZ)).toBe('2026-12-07T15:30');
    expect(fromLocalInput('2026-12-07T15:30', TZ)).toBe(now);
    expect(fromLocalInput('nonsense', TZ)).toBeUndefined();
  });
});

describe('marks', () => {
  const alarm = (id: string, raisedAt: string) => ({ id, raisedAt }) as AlarmDto;
  const ticket = (id: string, at: Partial<TicketDto>) => ({ id, ...at }) as TicketDto;

  it('places the alarms raised and the ticket moments inside the window, oldest first', () => {
    const from = Date.parse('2026-12-07T10:00:00Z');
    const to = Date.parse('2026-12-07T11:00:00Z');
    const marks = marksOf(
      [alarm('A2', '2026-12-07T10:30:00Z'), alarm('A1', '2026-12-07T09:59:00Z')],
      [
        ticket('T1', {
          dispatchedAt: '2026-12-07T10:10:00Z',
          arrivedAt: '2026-12-07T10:20:00Z',
          resolvedAt: '2026-12-07T11:20:00Z',
        }),
      ],
      from,
      to,
    );
    expect(marks.map((m) => m.key)).toStrictEqual(['dispatched:T1', 'arrived:T1', 'alarm:A2']);
  });

  it('puts a moment on the timeline as a clamped fraction', () => {
    expect(fraction(5, 0, 10)).toBe(0.5);
    expect(fraction(-5, 0, 10)).toBe(0);
    expect(fraction(50, 0, 10)).toBe(1);
    expect(fraction(5, 10, 10)).toBe(0);
  });
});
