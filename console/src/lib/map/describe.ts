// The text of a device's popup, in the current language.
import type { DeviceDto } from '../api/types';
import { formatDateTime } from '../i18n/format';
import { t } from '../i18n/i18n.svelte';
import { deviceTypeLabel } from '../i18n/registry';
import type { Look } from './device-look';

export function describeDevice(
  d: DeviceDto,
  look: Look,
  compoundName: string | undefined,
): { title: string; lines: string[] } {
  const lines = [
    [deviceTypeLabel(d.type), compoundName].filter(Boolean).join(' · '),
    `${t(`deviceStatus.${d.status}`)} · ${t(`mapLegend.look.${look}`)}`,
  ];
  if (d.lastSeen) lines.push(t('map.lastSeen', { time: formatDateTime(d.lastSeen) }));
  return { title: d.name ?? d.id, lines };
}
