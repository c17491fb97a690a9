// Camera (摄像头): video signal, recording, storage, tamper switch and housing temperature.
// Contract: device-protocol.md "Device types and metrics" and "Default fault rules".
import { command } from './lib/commands';
import { boolean, enumeration, numeric } from './lib/metrics';
import { eq, neq, rule } from './lib/rules';
import type { DeviceTypeDef } from './lib/types';

export const definition: DeviceTypeDef = {
  type: 'camera',
  label: { zh: '摄像头', en: 'Camera' },
  category: 'camera',
  metrics: [
    enumeration('video', ['ok', 'lost'], {
      label: { zh: '视频信号', en: 'Video' },
      valueLabels: { ok: { zh: '正常', en: 'OK' }, lost: { zh: '丢失', en: 'Lost' } },
    }),
    boolean('recording', { label: { zh: '录像中', en: 'Recording' } }),
    enumeration('storage', ['ok', 'fault', 'full'], {
      label: { zh: '存储', en: 'Storage' },
      valueLabels: {
        ok: { zh: '正常', en: 'OK' },
        fault: { zh: '故障', en: 'Fault' },
        full: { zh: '已满', en: 'Full' },
      },
    }),
    boolean('tamper', { label: { zh: '防拆报警', en: 'Tamper' } }),
    numeric('temp_c', { label: { zh: '温度', en: 'Temperature' }, unit: '°C', min: -50, max: 200 }),
  ],
  rules: [
    rule('video_lost', eq('video', 'lost'), {
      severity: 'major',
      for: '30s',
      label: { zh: '视频丢失', en: 'Video lost' },
    }),
    rule('tamper', eq('tamper', true), { severity: 'major', label: { zh: '设备被拆动', en: 'Tamper' } }),
    rule('storage_fault', neq('storage', 'ok'), {
      severity: 'minor',
      label: { zh: '存储异常', en: 'Storage fault' },
    }),
  ],
  offline: { severity: 'major' },
  commands: [
    // Video and recording stop for a minute or two.
    command('reboot', { label: { zh: '重启', en: 'Reboot' }, disruptive: true }),
    command('report_now', { label: { zh: '立即上报', en: 'Report now' } }),
  ],
  power: { dark: ['offline', 'video_lost'] },
  demo: { prefix: 'cam', perCompound: [3, 5], power: 'fed' },
  // `offline` has no fault reading: it is driven by the status topic / silence, not by metrics.
  simulator: {
    normal: { video: 'ok', recording: true, storage: 'ok', tamper: false, temp_c: 41 },
    faults: {
      video_lost: { video: 'lost', recording: false },
      tamper: { tamper: true },
      storage_fault: { storage: 'full', recording: false },
    },
  },
};
