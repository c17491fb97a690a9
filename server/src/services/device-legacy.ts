// Device secrets stored before the HMAC scheme (scrypt$…, cost 1024): still accepted, and replaced by
// their HMAC form (store.updateDevice) on the first good connect, once. At most two scrypt checks run
// at a time and 1,024 more wait (about 2 s of checks, a restart storm's worth), so a storm of old-hash
// logins leaves libuv's pool to the scrypt of human logins and queues nothing unbounded: beyond that a
// check is refused at once (HashGateFull; the broker answers CONNACK 3, server unavailable, and the
// device retries).
import { HashGate, type HashGateLimits } from '../auth/hash-gate';
import { hashSecret, COST, verifySecret } from '../auth/secrets';
import type { DeviceRecord, Store } from '../store/store';

export const LEGACY_LIMITS = { concurrency: 2, queue: 1024 };

export class LegacySecrets {
  private readonly gate: HashGate;
  /** Devices whose hash is being replaced now (a second connect meanwhile does not write again). */
  private readonly migrating = new Set<string>();

  constructor(
    private readonly store: Pick<Store, 'updateDevice'>,
    limits: HashGateLimits = LEGACY_LIMITS,
  ) {
    this.gate = new HashGate(limits);
  }

  /** The record with its HMAC hash if `secret` matches its scrypt hash; undefined if it does not. */
  async verifyAndMigrate(rec: DeviceRecord, secret: Buffer): Promise<DeviceRecord | undefined> {
    if (!(await this.gate.run(() => verifySecret(secret.toString('utf8'), rec.secretHash)))) return undefined;
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
}
