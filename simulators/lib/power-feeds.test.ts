// Unit spec of the demo data set's power-feed topology: each fed device gets its one box; a `feeds`
// entry naming no device, or a device fed twice, is refused with a message that names them.
import { describe, expect, it } from 'vitest';
import { FeedsError, poweredByOf } from './power-feeds';

const devices = [
  { id: 'box-1', feeds: ['lamp-1', 'cam-1'] },
  { id: 'box-2', feeds: ['lamp-2'] },
  { id: 'lamp-1' },
  { id: 'lamp-2' },
  { id: 'cam-1' },
  { id: 'smoke-1' },
];

describe('poweredByOf', () => {
  it('maps every fed device to the box that feeds it; others have none', () => {
    expect([...poweredByOf(devices)]).toEqual([
      ['lamp-1', 'box-1'],
      ['cam-1', 'box-1'],
      ['lamp-2', 'box-2'],
    ]);
    expect(poweredByOf([{ id: 'smoke-1' }]).size).toBe(0);
  });

  it('refuses a device fed by two boxes, naming both', () => {
    const twice = [...devices, { id: 'box-3', feeds: ['lamp-1'] }];
    expect(() => poweredByOf(twice, 'devices.json')).toThrow(
      'devices.json: the boxes\' "feeds" are not a power-feed topology: lamp-1 is fed by two boxes: box-1 and box-3',
    );
  });

  it('refuses a feeds entry that names no device of the set, and lists every problem', () => {
    const bad = [...devices, { id: 'box-3', feeds: ['lamp-9', 'box-3', 'cam-1'] }];
    let err: unknown;
    try {
      poweredByOf(bad);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FeedsError);
    expect((err as FeedsError).problems).toEqual([
      'box-3 feeds lamp-9, which is not a device of the data set',
      'box-3 feeds itself',
      'cam-1 is fed by two boxes: box-1 and box-3',
    ]);
  });
});
