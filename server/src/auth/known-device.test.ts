import { describe, expect, it } from 'vitest';
import { DEVICE_COOKIE, KnownDevices } from './known-device';

describe('KnownDevices', () => {
  const devices = new KnownDevices();
  const header = (value: string) => `redsail_session=abc; ${DEVICE_COOKIE}=${value}`;

  it('recognises its own cookie for the username it was issued to, and keeps the device id', () => {
    const value = devices.issue('alice');
    const id = devices.deviceOf(header(value), 'alice');
    expect(id).toEqual(expect.any(String));
    expect(devices.issue('alice', id)).toBe(value);
  });

  it('refuses it for another username, with a changed signature or device id, or from another key', () => {
    const value = devices.issue('alice');
    const [user, id, sig] = value.split('.') as [string, string, string];
    expect(devices.deviceOf(header(value), 'bob')).toBeUndefined();
    expect(devices.deviceOf(header(`${user}.${id}.${sig.slice(1)}x`), 'alice')).toBeUndefined();
    expect(devices.deviceOf(header(`${user}.other.${sig}`), 'alice')).toBeUndefined();
    expect(new KnownDevices().deviceOf(header(value), 'alice')).toBeUndefined();
    expect(devices.deviceOf(undefined, 'alice')).toBeUndefined();
  });
});
