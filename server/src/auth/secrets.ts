// Hashed secrets: human passwords with crypto.scrypt, constant-time verification; device secrets
// (random, long) with HMAC-SHA256 under the server's key (device-hmac.ts).
// Format: scrypt$N$r$p$<salt b64>$<hash b64>, so the cost can change without a migration.
import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { hmacDeviceSecret } from './device-hmac';

const KEYLEN = 32;

/**
 * Person-chosen passwords get the full scrypt cost. `deviceSecret` selects the HMAC scheme in
 * hashSecret; 1024 was its scrypt cost, and hashes stored at that cost still verify (verifySecret).
 */
export const COST = { password: 16384, deviceSecret: 1024 } as const;

function scryptAsync(secret: string, salt: Buffer, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, KEYLEN, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** `N = COST.deviceSecret`: a device secret, hashed as `hmac-sha256$…` (registration, import, rotation). */
export async function hashSecret(secret: string, N: number = COST.password): Promise<string> {
  if (N === COST.deviceSecret) return hmacDeviceSecret(secret);
  const salt = randomBytes(16);
  const r = 8;
  const p = 1;
  const key = await scryptAsync(secret, salt, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const salt = Buffer.from(parts[4] ?? '', 'base64');
  const expected = Buffer.from(parts[5] ?? '', 'base64');
  const key = await scryptAsync(secret, salt, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** The scrypt parameters a stored hash was made with (undefined when it is not one of ours). */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}
export function hashParams(stored: string): ScryptParams | undefined {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  return { N: Number(parts[1]), r: Number(parts[2]), p: Number(parts[3]) };
}

/**
 * A hash to compare against when the user or device does not exist, so timing reveals nothing. One per
 * cost: a device probe (cheap cost) must not decide the cost unknown users are checked at.
 */
const dummies = new Map<number, Promise<string>>();
export function dummyHash(N: number): Promise<string> {
  let d = dummies.get(N);
  if (!d) {
    d = hashSecret('redsail-dummy', N);
    dummies.set(N, d);
  }
  return d;
}

export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}
