// Store contract: integrations (api.md v1.1 "Reports, intake and handover") — round trip, the listing
// oldest first, revocation once, and the last use only moving forward.
import { describe, expect, it } from 'vitest';
import { StoreConflictError, type IntegrationRecord } from '../../server/src/store/store';
import { T0, type ContractContext } from './store.contract.fixtures';

function integration(id: string, extra: Partial<IntegrationRecord> = {}): IntegrationRecord {
  return {
    id,
    name: '12345 市民热线',
    source: 'hotline',
    secretHash: 'hmac-sha256$abc',
    createdBy: 'admin',
    createdAt: T0,
    ...extra,
  };
}

export function integrationsContract(ctx: ContractContext): void {
  describe('integrations', () => {
    it('round-trips one with every field, and keeps absent ones absent', async () => {
      const full = integration('INT-full', {
        source: 'grid',
        revokedAt: T0 + 5,
        revokedBy: 'boss',
        lastUsedAt: T0 + 3,
      });
      const bare = integration('INT-bare');
      await ctx.store.createIntegration(full);
      await ctx.store.createIntegration(bare);
      expect(await ctx.store.getIntegration('INT-full')).toStrictEqual(full);
      expect(await ctx.store.getIntegration('INT-bare')).toStrictEqual(bare);
      expect(await ctx.store.getIntegration('INT-none')).toBeUndefined();
    });

    it('rejects a duplicate id with StoreConflictError and keeps the first', async () => {
      await ctx.store.createIntegration(integration('INT-1'));
      await expect(
        ctx.store.createIntegration(integration('INT-1', { name: 'other' })),
      ).rejects.toBeInstanceOf(StoreConflictError);
      expect((await ctx.store.getIntegration('INT-1'))?.name).toBe('12345 市民热线');
    });

    it('lists every one, revoked included, oldest first', async () => {
      await ctx.store.createIntegration(integration('INT-b', { createdAt: T0 + 2 }));
      await ctx.store.createIntegration(integration('INT-a', { createdAt: T0 + 1 }));
      await ctx.store.createIntegration(integration('INT-c', { createdAt: T0 + 3 }));
      await ctx.store.revokeIntegration('INT-c', T0 + 4, 'admin');
      expect((await ctx.store.listIntegrations()).map((i) => i.id)).toStrictEqual([
        'INT-a',
        'INT-b',
        'INT-c',
      ]);
    });

    it('revokes once: the second revocation and an unknown id answer false and change nothing', async () => {
      await ctx.store.createIntegration(integration('INT-r'));
      expect(await ctx.store.revokeIntegration('INT-r', T0 + 10, 'admin')).toBe(true);
      expect(await ctx.store.revokeIntegration('INT-r', T0 + 20, 'other')).toBe(false);
      expect(await ctx.store.revokeIntegration('INT-none', T0 + 20, 'admin')).toBe(false);
      const got = await ctx.store.getIntegration('INT-r');
      expect(got?.revokedAt).toBe(T0 + 10);
      expect(got?.revokedBy).toBe('admin');
    });

    it('records the last use, never moving it back', async () => {
      await ctx.store.createIntegration(integration('INT-u'));
      await ctx.store.touchIntegration('INT-u', T0 + 60_000);
      expect((await ctx.store.getIntegration('INT-u'))?.lastUsedAt).toBe(T0 + 60_000);
      await ctx.store.touchIntegration('INT-u', T0 + 1);
      expect((await ctx.store.getIntegration('INT-u'))?.lastUsedAt).toBe(T0 + 60_000);
      await ctx.store.touchIntegration('INT-none', T0);
      expect(await ctx.store.getIntegration('INT-none')).toBeUndefined();
    });
  });
}
