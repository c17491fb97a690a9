import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useDeviceSecretKey } from '../auth/device-hmac';
import { HashGateFull } from '../auth/hash-gate';
import { hashSecret } from '../auth/secrets';
import type { DeviceRecord } from '../store/store';
import { LegacySecrets } from './device-legacy';

describe('LegacySecrets', () => {
  it('runs at most two scrypt checks with a bounded queue, refusing the rest at once', async () => {
    useDeviceSecretKey(randomBytes(32));
    const rec: DeviceRecord = {
      id: 'box-old',
      type: 'distribution_box',
      attrs: {},
      // An old scrypt hash (the cost is read from the hash; 2048 stands in for the old 1024).
      secretHash: await hashSecret('the-old-secret', 2048),
      createdAt: 0,
    };
    const limits = { concurrency: 2, queue: 4 };
    const legacy = new LegacySecrets({ updateDevice: () => Promise.resolve(true) }, limits);
    const n = limits.concurrency + limits.queue + 5;
    const results = await Promise.allSettled(
      Array.from({ length: n }, () => legacy.verifyAndMigrate(rec, Buffer.from('wrong'))),
    );
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused).toHaveLength(5);
    for (const r of refused) expect(r.reason).toBeInstanceOf(HashGateFull);
    expect(results.filter((r) => r.status === 'fulfilled' && r.value === undefined)).toHaveLength(n - 5);
    // Once the queue has drained, the right secret verifies (and is migrated).
    expect((await legacy.verifyAndMigrate(rec, Buffer.from('the-old-secret')))?.secretHash).toMatch(/^hmac/);
  });
});
