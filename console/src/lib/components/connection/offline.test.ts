// The offline strip: stale since the live page lost its connection, through the reconnect and the
// snapshot reload; one chime after a minute, never again until live.
import { describe, expect, it } from 'vitest';
import type { ConnState } from '../../realtime/connection.svelte';
import { CHIME_AFTER_MS, INITIAL, ageOf, chimeDue, trackOffline, type OfflineTrack } from './offline';

function run(steps: readonly [ConnState, number][]): OfflineTrack {
  return steps.reduce((t, [state, now]) => trackOffline(t, state, now), INITIAL);
}

describe('trackOffline', () => {
  it('is not stale before the page was ever live (nothing shown yet)', () => {
    expect(
      run([
        ['connecting', 0],
        ['syncing', 10],
      ]).since,
    ).toBeUndefined();
  });

  it('is stale from the moment a live page loses its connection, through the reload', () => {
    const lost = run([
      ['connecting', 0],
      ['live', 10],
      ['reconnecting', 1000],
    ]);
    expect(lost.since).toBe(1000);
    expect(trackOffline(trackOffline(lost, 'reconnecting', 5000), 'syncing', 9000).since).toBe(1000);
  });

  it('is fresh again once live, and a new outage starts a new since', () => {
    const t = run([
      ['live', 0],
      ['reconnecting', 1000],
      ['live', 2000],
    ]);
    expect(t.since).toBeUndefined();
    expect(trackOffline(t, 'reconnecting', 7000).since).toBe(7000);
  });

  it('counts a resync of a live page (syncing) as stale too', () => {
    expect(
      run([
        ['live', 0],
        ['syncing', 500],
      ]).since,
    ).toBe(500);
  });
});

describe('chimeDue', () => {
  const lost = run([
    ['live', 0],
    ['reconnecting', 1000],
  ]);

  it('is due after a minute offline, not before', () => {
    expect(chimeDue(lost, 1000 + CHIME_AFTER_MS - 1)).toBe(false);
    expect(chimeDue(lost, 1000 + CHIME_AFTER_MS)).toBe(true);
  });

  it('chimes once per outage, and again on the next one', () => {
    const chimed = { ...lost, chimed: true };
    expect(chimeDue(chimed, 1000 + 10 * CHIME_AFTER_MS)).toBe(false);
    const again = trackOffline(trackOffline(chimed, 'live', 99_000), 'reconnecting', 100_000);
    expect(chimeDue(again, 100_000 + CHIME_AFTER_MS)).toBe(true);
  });

  it('never chimes while live', () => {
    expect(chimeDue(run([['live', 0]]), 10 * CHIME_AFTER_MS)).toBe(false);
  });
});

describe('ageOf', () => {
  it.each([
    [0, { unit: 'seconds', n: 0 }],
    [59_999, { unit: 'seconds', n: 59 }],
    [60_000, { unit: 'minutes', n: 1 }],
    [125_000, { unit: 'minutes', n: 2 }],
    [3_600_000 + 5 * 60_000, { unit: 'hours', h: 1, m: 5 }],
    [3 * 86_400_000 + 1000, { unit: 'days', n: 3 }],
    [-5000, { unit: 'seconds', n: 0 }],
  ])('%i ms → %o', (ms, age) => {
    expect(ageOf(ms)).toEqual(age);
  });
});
