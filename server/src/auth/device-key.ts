// Where the device secret key comes from: DEVICE_SECRET_KEY (hex or base64, at least 32 bytes), else
// — one node on SQLite only — a key generated once and kept in DATA_DIR/device-secret.key (mode 0600).
// In cluster mode (REDIS_URL) every node must hash alike, so the key is required in the environment:
// kept out of the database, a leaked dump or backup of the hashes is of no use without it.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../config/config';

export const KEY_FILE = 'device-secret.key';

/** The key's bytes from hex (64+ digits) or base64; undefined if neither gives 32 bytes. */
export function parseDeviceKey(text: string): Buffer | undefined {
  const t = text.trim();
  const bytes = /^(?:[0-9a-fA-F]{2})+$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  return bytes.length >= 32 ? bytes : undefined;
}

export function loadDeviceKey(cfg: {
  DEVICE_SECRET_KEY?: string;
  REDIS_URL?: string;
  DATA_DIR: string;
}): Buffer {
  if (cfg.DEVICE_SECRET_KEY !== undefined) {
    const key = parseDeviceKey(cfg.DEVICE_SECRET_KEY);
    if (!key)
      throw new ConfigError('DEVICE_SECRET_KEY must be at least 32 bytes, as hex (64 digits) or base64');
    return key;
  }
  if (cfg.REDIS_URL)
    throw new ConfigError(
      'DEVICE_SECRET_KEY is required in cluster mode (REDIS_URL): every node must check device secrets under the same key; set it to the same 32 random bytes (e.g. `openssl rand -hex 32`) on every node',
    );
  const file = path.join(cfg.DATA_DIR, KEY_FILE);
  if (existsSync(file)) {
    const key = parseDeviceKey(readFileSync(file, 'utf8'));
    if (!key) throw new ConfigError(`${file} does not hold a device secret key of 32 bytes or more (hex)`);
    chmodSync(file, 0o600);
    return key;
  }
  mkdirSync(cfg.DATA_DIR, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}
