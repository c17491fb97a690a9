import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KEY_FILE, loadDeviceKey, parseDeviceKey } from './device-key';

const dir = () => mkdtempSync(path.join(os.tmpdir(), 'redsail-key-'));

describe('the device secret key', () => {
  it('reads DEVICE_SECRET_KEY as hex or base64 and refuses one under 32 bytes', () => {
    const hex = 'ab'.repeat(32);
    expect(loadDeviceKey({ DEVICE_SECRET_KEY: hex, DATA_DIR: dir() })).toEqual(Buffer.from(hex, 'hex'));
    const b64 = Buffer.alloc(32, 7).toString('base64');
    expect(parseDeviceKey(b64)).toEqual(Buffer.alloc(32, 7));
    expect(() => loadDeviceKey({ DEVICE_SECRET_KEY: 'abcd', DATA_DIR: dir() })).toThrow('DEVICE_SECRET_KEY');
  });

  it('is required in cluster mode, naming the variable', () => {
    expect(() => loadDeviceKey({ REDIS_URL: 'redis://127.0.0.1:6379', DATA_DIR: dir() })).toThrow(
      /DEVICE_SECRET_KEY is required in cluster mode/,
    );
  });

  it('one node without it: generated once into DATA_DIR (mode 0600) and the same after a restart', () => {
    const d = dir();
    const first = loadDeviceKey({ DATA_DIR: d });
    expect(first.length).toBe(32);
    expect(statSync(path.join(d, KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(loadDeviceKey({ DATA_DIR: d })).toEqual(first);
    expect(readFileSync(path.join(d, KEY_FILE), 'utf8').trim()).toBe(first.toString('hex'));
  });
});
