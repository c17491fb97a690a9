// Labels of device types and fault rules come from the device registry (devices/), where each
// type defines them in zh and en (ARCHITECTURE principle 1); the console only picks the language.
import { deviceTypes } from '../../../../devices/index';
import type { Label } from '../../../../devices/lib/types';
import { i18n, t } from './i18n.svelte';

const typeLabels = new Map<string, Label>();
const ruleLabels = new Map<string, Label>();
for (const def of deviceTypes) {
  typeLabels.set(def.type, def.label);
  for (const r of def.rules) ruleLabels.set(`${def.type}/${r.id}`, r.label);
  if (def.offline !== false && def.offline.label) ruleLabels.set(`${def.type}/offline`, def.offline.label);
}

function pick(label: Label | undefined, fallback: string): string {
  if (!label) return fallback;
  return i18n.locale === 'zh-CN' ? label.zh : label.en;
}

export function deviceTypeLabel(type: string): string {
  return pick(typeLabels.get(type), type);
}

/** A rule's label for a device type; a rule added only on the server (RULES_FILE) shows its id. */
export function ruleLabel(type: string | undefined, rule: string): string {
  const label = ruleLabels.get(`${type ?? ''}/${rule}`);
  if (!label && rule === 'offline') return t('health.offline'); // the synthetic rule's default
  return pick(label, rule);
}
