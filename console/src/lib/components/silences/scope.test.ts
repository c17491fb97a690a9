// What a silence can cover from an alarm or a compound, the duration presets (the end of the
// shift in Qufu time), the body sent, and the preview summed up.
import { describe, expect, it } from 'vitest';
import { alarm, device } from '../../incidents/fixtures';
import { presetMinutes, previewSummary, shiftEnd, silenceBody, silenceOptions } from './scope';

describe('silenceOptions', () => {
  it('offers the alarm’s device, or its device and rule', () => {
    const a = alarm('a1', 'lamp-1', { rule: 'lamp_failure' });
    expect(silenceOptions({ from: 'alarm', alarm: a, device: undefined }).map((o) => o.match)).toEqual([
      { deviceId: 'lamp-1' },
      { deviceId: 'lamp-1', rule: 'lamp_failure' },
    ]);
  });

  it('offers the whole compound, or one device type present in it', () => {
    const devices = [
      device('lamp-1', 'streetlight', 'gongbao'),
      device('cam-1', 'camera', 'gongbao'),
      device('lamp-2', 'streetlight', 'gongbao'),
      device('smoke-1', 'smoke_detector', 'xingtan'),
    ];
    const options = silenceOptions({ from: 'compound', compoundId: 'gongbao', name: '工保小区', devices });
    expect(options.map((o) => [o.kind, o.match])).toEqual([
      ['compound', { compoundId: 'gongbao' }],
      ['compoundType', { compoundId: 'gongbao', type: 'camera' }],
      ['compoundType', { compoundId: 'gongbao', type: 'streetlight' }],
    ]);
  });
});

describe('shiftEnd and presets', () => {
  // Asia/Shanghai is UTC+8: the 08:00 and 20:00 changes are 00:00 and 12:00 UTC.
  it('ends the shift at the next 08:00 or 20:00 in Qufu', () => {
    expect(new Date(shiftEnd(Date.parse('2026-12-06T13:30:00Z'))).toISOString()).toBe(
      '2026-12-07T00:00:00.000Z',
    );
    expect(new Date(shiftEnd(Date.parse('2026-12-07T01:00:00Z'))).toISOString()).toBe(
      '2026-12-07T12:00:00.000Z',
    );
    expect(new Date(shiftEnd(Date.parse('2026-12-07T12:00:00Z'))).toISOString()).toBe(
      '2026-12-08T00:00:00.000Z',
    );
  });

  it('turns presets into minutes, the shift rounded up to a whole minute', () => {
    const now = Date.parse('2026-12-06T23:00:30Z');
    expect(presetMinutes('30m', now)).toBe(30);
    expect(presetMinutes('4h', now)).toBe(240);
    expect(presetMinutes('shift', now)).toBe(60);
  });
});

describe('silenceBody', () => {
  const now = Date.parse('2026-12-06T13:00:00Z');

  it('sends the match, the minutes and the trimmed reason', () => {
    expect(silenceBody({ compoundId: 'gongbao' }, '2h', '  配电箱检修 ', now)).toEqual({
      body: { match: { compoundId: 'gongbao' }, durationMin: 120, reason: '配电箱检修' },
    });
  });

  it('wants a reason', () => {
    expect(silenceBody({ deviceId: 'lamp-1' }, '1h', '   ', now)).toEqual({ problem: 'reason' });
  });
});

describe('previewSummary', () => {
  it('counts the devices, those listed, the active alarms and the devices they are on', () => {
    const preview = {
      deviceCount: 60,
      devices: [{ id: 'lamp-1', type: 'streetlight' }],
      activeAlarms: [
        alarm('a1', 'lamp-1'),
        alarm('a2', 'lamp-1', { rule: 'lamp_failure' }),
        alarm('a3', 'cam-1'),
      ],
    };
    expect(previewSummary(preview)).toEqual({ devices: 60, listed: 1, alarms: 3, alarmDevices: 2 });
  });
});
