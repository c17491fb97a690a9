// The dispatcher's shift preferences (theme, sound, board height, feed order): what each may be,
// how a stored value is read back (anything unknown falls back to the default), and which theme a
// choice means under the system's colour scheme. Pure; prefs.svelte.ts keeps them in localStorage.

export const THEMES = ['day', 'night', 'system'] as const;
export type ThemeChoice = (typeof THEMES)[number];
export type Theme = 'day' | 'night';

/** How the dispatcher page splits its height between the map and the ticket board. */
export const SPLITS = ['map', 'even', 'board'] as const;
export type Split = (typeof SPLITS)[number];

export const FEED_SORTS = ['time', 'severity'] as const;
export type FeedSort = (typeof FEED_SORTS)[number];

export interface ShiftPrefs {
  theme: ThemeChoice;
  muted: boolean;
  split: Split;
  feedSort: FeedSort;
}

/** Day until chosen otherwise: a console that turned dark by itself with the OS would surprise. */
export const DEFAULT_PREFS: ShiftPrefs = { theme: 'day', muted: false, split: 'even', feedSort: 'time' };

const oneOf = <T extends string>(list: readonly T[], v: unknown, fallback: T): T =>
  list.includes(v as T) ? (v as T) : fallback;

/** Reads a stored JSON object back; a missing, broken or foreign value gives the defaults. */
export function parsePrefs(raw: string | null): ShiftPrefs {
  let v: Record<string, unknown> = {};
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    if (parsed && typeof parsed === 'object') v = parsed as Record<string, unknown>;
  } catch {
    v = {};
  }
  return {
    theme: oneOf(THEMES, v['theme'], DEFAULT_PREFS.theme),
    muted: typeof v['muted'] === 'boolean' ? v['muted'] : DEFAULT_PREFS.muted,
    split: oneOf(SPLITS, v['split'], DEFAULT_PREFS.split),
    feedSort: oneOf(FEED_SORTS, v['feedSort'], DEFAULT_PREFS.feedSort),
  };
}

/** The theme shown: the choice, or the system's scheme when the choice is "system". */
export function resolveTheme(choice: ThemeChoice, systemDark: boolean): Theme {
  if (choice === 'system') return systemDark ? 'night' : 'day';
  return choice;
}

/** The board's row height on the dispatcher page for each split (the map takes the rest). */
export const BOARD_ROWS: Record<Split, string> = {
  map: '17rem',
  even: 'minmax(0, 1fr)',
  board: 'minmax(0, 2.4fr)',
};
