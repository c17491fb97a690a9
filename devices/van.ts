// Maintenance van (工程车): a GPS tracker. It has no fault rules and no offline alarm — a van
// that parks and powers down is not a fault. Contract: device-protocol.md "Device types and metrics".
import { numeric } from './lib/metrics';
import type { DeviceTypeDef } from './lib/types';

export const definition: DeviceTypeDef = {
  type: 'van',
  label: { zh: '工程车', en: 'Service van' },
  category: 'other',
  metrics: [
    numeric('lat', { label: { zh: '纬度', en: 'Latitude' }, unit: '°', min: -90, max: 90 }),
    numeric('lng', { label: { zh: '经度', en: 'Longitude' }, unit: '°', min: -180, max: 180 }),
    numeric('speed_kmh', { label: { zh: '速度', en: 'Speed' }, unit: 'km/h', min: 0, max: 300 }),
    // Degrees clockwise from north.
    numeric('heading', { label: { zh: '航向', en: 'Heading' }, unit: '°', min: 0, max: 360 }),
  ],
  rules: [],
  offline: false,
  commands: [],
  simulator: {
    normal: { lat: 31.2304, lng: 121.4737, speed_kmh: 32, heading: 90 },
    faults: {},
  },
};
