// The registry's labels in the UI's current language (model.ts takes the language as a parameter).
import { i18n, t } from '../../i18n/i18n.svelte';
import type { Lang } from './model';

export function lang(): Lang {
  return i18n.locale === 'zh-CN' ? 'zh' : 'en';
}

/** How a boolean reading reads. */
export function yesNo(): { yes: string; no: string } {
  return { yes: t('device.yes'), no: t('device.no') };
}
