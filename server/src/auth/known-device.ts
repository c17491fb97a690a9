// The "known device" cookie: set on a successful login, it names a random device id bound to that
// username and is signed (HMAC-SHA256) with a key only this process holds. Login attempts carrying a
// valid one for the username they try count against that device alone (see login-throttle.ts), so
// failures by strangers cannot block a user's own browser. The key is per process: after a restart, or
// on another cluster node, the cookie is simply not recognised and the attempt falls back to the
// address and account counters.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { cookieValue } from './token';

export const DEVICE_COOKIE = 'redsail_device';
export const DEVICE_COOKIE_MAX_AGE_MS = 180 * 24 * 3600_000;

export class KnownDevices {
  constructor(private readonly key: Buffer = randomBytes(32)) {}

  private sign(username: string, deviceId: string): string {
    return createHmac('sha256', this.key).update(`${username}\n${deviceId}`).digest('base64url');
  }

  /** A cookie value for a fresh device id, or the same device id again. */
  issue(username: string, deviceId: string = randomBytes(12).toString('base64url')): string {
    const user = Buffer.from(username).toString('base64url');
    return `${user}.${deviceId}.${this.sign(username, deviceId)}`;
  }

  /** The device id in `cookieHeader` when it is validly signed for `username`. */
  deviceOf(cookieHeader: string | undefined, username: string): string | undefined {
    const value = cookieValue(cookieHeader, DEVICE_COOKIE);
    const parts = value?.split('.');
    if (parts?.length !== 3) return undefined;
    const [user, deviceId, sig] = parts as [string, string, string];
    if (Buffer.from(user, 'base64url').toString() !== username) return undefined;
    const want = Buffer.from(this.sign(username, deviceId));
    const got = Buffer.from(sig);
    return got.length === want.length && timingSafeEqual(got, want) ? deviceId : undefined;
  }
}
