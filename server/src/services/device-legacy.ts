// Device secrets stored before the HMAC scheme (scrypt$…, cost 1024): still accepted, and replaced by
// their HMAC form (store.updateDevice) on the first good connect, once. At most two scrypt checks run
// at a time so a storm of old-hash logins leaves libuv's pool to the scrypt of human logins.
import { hashSecret, COST, verifySecret } from '../auth/secrets';
import type { DeviceRecord, Store } from '../store/store';

const MAX_IN_FLIGHT = 2;

export class LegacySecrets {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  /** Devices whose hash is being replaced now (a second connect meanwhile does not write again). */
  private readonly migrating = new Set<string>();

  constructor(private readonly store: Pick<Store, 'updateDevice'>) {}

  /** The record with its HMAC hash if `secret` matches its scrypt hash; undefined if it does not. */
  async verifyAndMigrate(rec: DeviceRecord, secret: Buffer): Promise<DeviceRecord | undefined> {
    if (!(await this.limited(() => verifySecret(secret.toString('utf8'), rec.secretHash)))) return undefined;
    if (this.migrating.has(rec.id)) return rec;
    this.migrating.add(rec.id);
    try {
      const next: DeviceRecord = {
        ...rec,
        secretHash: await hashSecret(secret.toString('utf8'), COST.deviceSecret),
      };
      return (await this.store.updateDevice(next)) ? next : rec;
    } catch {
      return rec; // the secret was right: the login stands, the next connect tries the update again
    } finally {
      this.migrating.delete(rec.id);
    }
  }

  private async limited<T>(fn: () => Promise<T>): Promise<T> {
    while (this.running >= MAX_IN_FLIGHT) await new Promise<void>((r) => this.waiting.push(r));
    this.running++;
    try {
      return await fn();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}
