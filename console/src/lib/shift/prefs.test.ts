import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFS, parsePrefs, resolveTheme } from './prefs';

describe('parsePrefs', () => {
  it('gives the defaults for nothing stored or a broken value', () => {
    expect(parsePrefs(null)).toEqual(DEFAULT_PREFS);
    expect(parsePrefs('{not json')).toEqual(DEFAULT_PREFS);
    expect(parsePrefs('"night"')).toEqual(DEFAULT_PREFS);
  });
  it('reads back what was stored and drops unknown values one by one', () => {
    expect(
      parsePrefs(JSON.stringify({ theme: 'night', muted: true, split: 'board', feedSort: 'severity' })),
    ).toEqual({
      theme: 'night',
      muted: true,
      split: 'board',
      feedSort: 'severity',
    });
    expect(parsePrefs(JSON.stringify({ theme: 'purple', muted: 'yes', split: 'board' }))).toEqual({
      ...DEFAULT_PREFS,
      split: 'board',
    });
  });
});

describe('resolveTheme', () => {
  it('follows the system only when the choice is "system"', () => {
    expect(resolveTheme('system', true)).toBe('night');
    expect(resolveTheme('system', false)).toBe('day');
    expect(resolveTheme('day', true)).toBe('day');
    expect(resolveTheme('night', false)).toBe('night');
  });
});
