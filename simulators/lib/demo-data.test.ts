// Unit spec of loading a demo data set: the bundled one loads; a data set whose boxes' `feeds` are
// not a power-feed topology is refused with a message naming its file and the devices at fault.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_DATA_DIR, loadDemoData, type DemoDevice } from './demo-data';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A copy of the bundled data set with its devices changed by `edit`. */
function copyWith(edit: (devices: DemoDevice[]) => void): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'redsail-demo-data-'));
  dirs.push(dir);
  cpSync(DEFAULT_DATA_DIR, dir, { recursive: true });
  const file = path.join(dir, 'devices.json');
  const devices = JSON.parse(readFileSync(file, 'utf8')) as DemoDevice[];
  edit(devices);
  writeFileSync(file, JSON.stringify(devices));
  return dir;
}

describe('loadDemoData', () => {
  it('loads the bundled data set, every fed device in one box’s feeds', () => {
    const data = loadDemoData();
    expect(data.devices.filter((d) => d.feeds !== undefined).length).toBeGreaterThan(0);
  });

  it('refuses a device fed by two boxes, naming the file and both boxes', () => {
    const dir = copyWith((devices) => {
      const [a, b] = devices.filter((d) => d.type === 'distribution_box');
      if (!a?.feeds?.[0] || !b?.feeds) throw new Error('the data set has no two boxes');
      b.feeds.push(a.feeds[0]);
    });
    expect(() => loadDemoData(dir)).toThrow(
      `${path.join(dir, 'devices.json')}: the boxes' "feeds" are not a power-feed topology: ` +
        'lamp-gongbao-4 is fed by two boxes: box-gongbao-1 and box-gongbao-2',
    );
  });

  it('refuses a feeds entry that names no device of the set', () => {
    const dir = copyWith((devices) =>
      devices.find((d) => d.type === 'distribution_box')?.feeds?.push('lamp-x-1'),
    );
    expect(() => loadDemoData(dir)).toThrow(
      'box-gongbao-1 feeds lamp-x-1, which is not a device of the data set',
    );
  });
});
