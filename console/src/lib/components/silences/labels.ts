// The words for a silence's scope: the dialog's choices and the list's "covers" line.
import type { DeviceDto, SilenceMatch } from '../../api/types';
import { t } from '../../i18n/i18n.svelte';
import { deviceTypeLabel, ruleLabel } from '../../i18n/registry';
import type { SilenceOption } from './scope';

export interface Names {
  deviceById: ReadonlyMap<string, DeviceDto>;
  compoundNames: ReadonlyMap<string, string>;
}

const deviceName = (id: string, n: Names) => n.deviceById.get(id)?.name ?? id;
const compoundName = (id: string, n: Names) => n.compoundNames.get(id) ?? id;

export function optionLabel(o: SilenceOption, n: Names): string {
  const { deviceId, rule, compoundId, type } = o.match;
  const device = deviceId === undefined ? '' : deviceName(deviceId, n);
  const compound = compoundId === undefined ? '' : compoundName(compoundId, n);
  switch (o.kind) {
    case 'device':
      return t('silence.scope.device', { device });
    case 'deviceRule': {
      const devType = deviceId === undefined ? undefined : n.deviceById.get(deviceId)?.type;
      return t('silence.scope.deviceRule', { device, rule: ruleLabel(devType, rule ?? '') });
    }
    case 'compound':
      return t('silence.scope.compound', { compound });
    case 'compoundType':
      return t('silence.scope.compoundType', { compound, type: deviceTypeLabel(type ?? '') });
  }
}

/** "设备 1号路灯 · 告警“离线”" — what an existing silence matches. */
export function matchLabel(m: SilenceMatch, n: Names): string {
  const parts: string[] = [];
  if (m.compoundId !== undefined)
    parts.push(t('silences.match.compound', { compound: compoundName(m.compoundId, n) }));
  if (m.deviceId !== undefined) parts.push(t('silences.match.device', { device: deviceName(m.deviceId, n) }));
  if (m.type !== undefined) parts.push(t('silences.match.type', { type: deviceTypeLabel(m.type) }));
  if (m.rule !== undefined) {
    const devType = m.deviceId === undefined ? m.type : n.deviceById.get(m.deviceId)?.type;
    parts.push(t('silences.match.rule', { rule: ruleLabel(devType, m.rule) }));
  }
  return parts.join(' · ');
}
