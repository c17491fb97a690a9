// The language of the UI: a rune so every `t()` in a template re-renders on a switch.
// zh-CN is the default; the choice is kept in localStorage and mirrored in <html lang>.
import { en } from './en';
import { zhCN, type MessageKey } from './zh-CN';

export type { MessageKey } from './zh-CN';
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export type Params = Record<string, string | number>;

const dictionaries: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };
const STORAGE_KEY = 'redsail.locale';

function stored(): Locale {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v === 'en' || v === 'zh-CN' ? v : 'zh-CN';
  } catch {
    return 'zh-CN'; // storage blocked: the default
  }
}

class I18n {
  locale = $state<Locale>(stored());

  constructor() {
    document.documentElement.lang = this.locale;
  }

  set(locale: Locale): void {
    this.locale = locale;
    document.documentElement.lang = locale;
    try {
      localStorage.setItem(STORAGE_KEY, locale);
    } catch {
      // not persisted; the switch still applies to this page
    }
  }

  toggle(): void {
    this.set(this.locale === 'zh-CN' ? 'en' : 'zh-CN');
  }
}

export const i18n = new I18n();

/** The text of `key` in the current language, with `{name}` placeholders filled from `params`. */
export function t(key: MessageKey, params?: Params): string {
  const text = dictionaries[i18n.locale][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : String(v);
  });
}
