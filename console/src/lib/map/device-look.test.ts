// The device's look on the map: the worst active alarm decides it, each look differs in more than colour.
import { describe, expect, it } from 'vitest';
import type { AlarmDto } from '../api/types';
import {
  alarmsByDevice,
  clusterFill,
  deviceLook,
  LOOK_STYLE,
  LOOKS,
  shapePath,
  worstLook,
} from './device-look';

const alarm = (over: Partial<AlarmDto>): AlarmDto => ({
  id: `a-${Math.random()}`,
  deviceId: 'd1',
  rule: 'leakage',
  severity: 'critical',
  active: true,
  count: 1,
  raisedAt: '2026-05-01T08:00:00.000Z',
  lastSeenAt: '2026-05-01T08:00:00.000Z',
  lastValue: {},
  ...over,
});
const online = { id: 'd1', status: 'online' as const };
const offline = { id: 'd1', status: 'offline' as const };

describe('deviceLook', () => {
  it('gives each severity its own look: critical ≠ major ≠ minor ≠ warning', () => {
    expect(deviceLook(online, [alarm({ severity: 'critical' })])).toBe('critical');
    expect(deviceLook(online, [alarm({ severity: 'major' })])).toBe('major');
    expect(deviceLook(online, [alarm({ severity: 'minor' })])).toBe('minor');
    expect(deviceLook(online, [alarm({ severity: 'warning' })])).toBe('warning');
    expect(deviceLook(online, [])).toBe('ok');
  });

  it('takes the worst active alarm of the device, whatever the order', () => {
    const list = [
      alarm({ severity: 'minor' }),
      alarm({ severity: 'critical' }),
      alarm({ severity: 'major' }),
    ];
    expect(deviceLook(online, list)).toBe('critical');
    expect(deviceLook(online, [...list].reverse())).toBe('critical');
    expect(deviceLook(online, [alarm({ severity: 'warning' }), alarm({ severity: 'minor' })])).toBe('minor');
  });

  it('ignores cleared alarms and those of other devices', () => {
    expect(deviceLook(online, [alarm({ active: false })])).toBe('ok');
    expect(deviceLook(online, [alarm({ deviceId: 'd2' })])).toBe('ok');
  });

  it('shows offline as offline, not as its synthetic alarm; an alarm-grade alarm still wins', () => {
    expect(deviceLook(offline, [alarm({ rule: 'offline', severity: 'major' })])).toBe('offline');
    expect(deviceLook(online, [alarm({ rule: 'offline', severity: 'major' })])).toBe('ok');
    expect(deviceLook(offline, [alarm({ severity: 'minor' })])).toBe('minor');
    // A warning does not hide that the device is gone.
    expect(deviceLook(offline, [alarm({ severity: 'warning' })])).toBe('offline');
  });

  it('groups the deciding alarms per device', () => {
    const by = alarmsByDevice([
      alarm({ deviceId: 'd1' }),
      alarm({ deviceId: 'd2', severity: 'minor' }),
      alarm({ deviceId: 'd2', active: false }),
      alarm({ deviceId: 'd3', rule: 'offline' }),
    ]);
    expect([...by.keys()].sort()).toEqual(['d1', 'd2']);
    expect(deviceLook({ id: 'd2', status: 'online' }, by.get('d2') ?? [])).toBe('minor');
  });
});

describe('look styles', () => {
  it('orders looks best to worst, so clusters take the worst inside', () => {
    expect(LOOKS).toEqual(['ok', 'warning', 'offline', 'minor', 'major', 'critical']);
    expect(worstLook('major', 'minor')).toBe('major');
    expect(worstLook('offline', 'critical')).toBe('critical');
  });

  it('tells every pair of looks apart by more than the fill colour', () => {
    for (const a of LOOKS)
      for (const b of LOOKS) {
        if (a === b) continue;
        const [x, y] = [LOOK_STYLE[a], LOOK_STYLE[b]];
        expect(x.fill).not.toBe(y.fill);
        const apart =
          x.shape !== y.shape || x.r !== y.r || x.stroke !== y.stroke || !!x.hollow !== !!y.hollow;
        expect(apart, `${a} vs ${b}`).toBe(true);
      }
    expect(LOOK_STYLE.critical.pulse).toBe(true);
    expect(LOOK_STYLE.critical.r).toBeGreaterThan(LOOK_STYLE.ok.r);
    expect(clusterFill('offline')).toBe(LOOK_STYLE.offline.stroke);
  });

  it('draws the same shapes in SVG as on the canvas', () => {
    expect(shapePath('diamond', 10, 10, 5)).toBe('M10 5L15 10L10 15L5 10Z');
    expect(shapePath('triangle', 10, 10, 4)).toBe('M10 6L13.46 12L6.54 12Z');
    expect(shapePath('circle', 10, 10, 2)).toMatch(/^M8 10A2 2 0 1 0 12 10/);
  });
});
