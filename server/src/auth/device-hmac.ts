// Device secrets are 144 random bits, so a keyed hash is enough: HMAC-SHA256 under a server-side key
// (DEVICE_SECRET_KEY, see device-key.ts), stored as `hmac-sha256$<key id>$<hex>`. It is synchronous
// and costs microseconds, so it never touches libuv's thread pool that scrypt (human passwords) uses.
// The key id lets a process know several keys (tests run servers side by side); new hashes use the
// key installed last.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const PREFIX = 'hmac-sha256';
const keys = new Map<string, Buffer>();
let current: { id: string; key: Buffer } | undefined;

/** The id a stored hash names its key by: the first 8 hex digits of the key's SHA-256. */
export function deviceKeyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/** Makes `key` the one new device secrets are hashed under (and one stored hashes may name). */
export function useDeviceSecretKey(key: Buffer): string {
  if (key.length < 32) throw new Error('the device secret key must be at least 32 bytes');
  const id = deviceKeyId(key);
  keys.set(id, key);
  current = { id, key };
  return id;
}

function currentKey(): { id: string; key: Buffer } {
  if (!current) throw new Error('no device secret key installed (useDeviceSecretKey)');
  return current;
}

function mac(key: Buffer, secret: string | Buffer): Buffer {
  return createHmac('sha256', key).update(secret).digest();
}

export function isDeviceHmac(stored: string): boolean {
  return stored.startsWith(`${PREFIX}$`);
}

/** The stored form of a device secret under the current key. */
export function hmacDeviceSecret(secret: string | Buffer): string {
  const { id, key } = currentKey();
  return `${PREFIX}$${id}$${mac(key, secret).toString('hex')}`;
}

const DUMMY = Buffer.alloc(32);

/**
 * Checks `secret` against an HMAC stored form, constant time. `undefined` (unknown or decommissioned
 * device) runs the same HMAC against a dummy and answers false, so timing does not tell ids apart.
 */
export function verifyDeviceHmac(secret: Buffer, stored: string | undefined): boolean {
  const parts = stored?.split('$');
  const key = parts?.length === 3 && parts[0] === PREFIX ? keys.get(parts[1] ?? '') : undefined;
  const expected = key && parts ? Buffer.from(parts[2] ?? '', 'hex') : DUMMY;
  const got = mac(key ?? currentKey().key, secret);
  const same = got.length === expected.length && timingSafeEqual(got, expected);
  return key !== undefined && same;
}
