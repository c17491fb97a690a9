// The shift preferences as live state, kept in localStorage (one key) so they survive a reload,
// and the theme applied to <html data-theme> (following prefers-color-scheme for "system").
import { parsePrefs, resolveTheme, type ShiftPrefs, type Theme } from './prefs';

const KEY = 'redsail.shift';

function load(): ShiftPrefs {
  try {
    return parsePrefs(localStorage.getItem(KEY));
  } catch {
    return parsePrefs(null);
  }
}

const darkQuery = (): MediaQueryList | undefined =>
  typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : undefined;

class Prefs {
  value = $state<ShiftPrefs>(load());
  #systemDark = $state(darkQuery()?.matches ?? false);

  constructor() {
    darkQuery()?.addEventListener('change', (e) => (this.#systemDark = e.matches));
  }

  get theme(): Theme {
    return resolveTheme(this.value.theme, this.#systemDark);
  }

  set<K extends keyof ShiftPrefs>(key: K, v: ShiftPrefs[K]): void {
    this.value = { ...this.value, [key]: v };
    try {
      localStorage.setItem(KEY, JSON.stringify(this.value));
    } catch {
      // storage full or refused: the choice holds until the reload
    }
    if (key === 'theme') applyTheme();
  }
}

export const prefs = new Prefs();

/** Sets <html data-theme> (called at start, on a choice and when the system's scheme changes). */
export function applyTheme(): void {
  document.documentElement.dataset['theme'] = prefs.theme;
}
darkQuery()?.addEventListener('change', () => applyTheme());
