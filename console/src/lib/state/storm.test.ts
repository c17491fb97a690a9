// The storm banner's figures from the server's active incidents: root causes, devices still dark,
// and the compounds of those devices and of the boxes.
import { describe, expect, it } from 'vitest';
import { affected, incident } from '../incidents/fixtures';
import { stormFromIncidents } from './storm';

const compounds: Record<string, string> = {
  'box-1': 'gongbao',
  'box-2': 'gongbao',
  'lamp-1': 'gongbao',
  'lamp-2': 'xingtan',
  'cam-1': 'xingtan',
};
const compoundOf = (id: string) => compounds[id];

describe('stormFromIncidents', () => {
  it('is null without an active incident that darkens a device', () => {
    expect(stormFromIncidents([], compoundOf)).toBeNull();
    expect(stormFromIncidents([incident('box-1', [])], compoundOf)).toBeNull();
    expect(
      stormFromIncidents([incident('box-1', [affected('lamp-1', { active: false })])], compoundOf),
    ).toBeNull();
    expect(
      stormFromIncidents(
        [incident('box-1', [affected('lamp-1')], { endedAt: '2026-12-06T15:00:00Z' })],
        compoundOf,
      ),
    ).toBeNull();
  });

  it('counts roots, dark devices once each, and their compounds', () => {
    const storm = stormFromIncidents(
      [
        incident('box-1', [affected('lamp-1'), affected('lamp-2'), affected('cam-1', { active: false })]),
        incident('box-2', [affected('lamp-2', { alarmId: 'other' })]),
      ],
      compoundOf,
    );
    expect(storm).toEqual({ roots: 2, dark: 2, compounds: 2 });
  });
});
