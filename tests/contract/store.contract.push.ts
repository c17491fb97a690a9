// Store contract: settings made once and kept (the VAPID key pair), and the users' Web Push subscriptions.
import { describe, expect, it } from 'vitest';
import type { PushSubscriptionRecord } from '../../server/src/store/store';
import { T0, type ContractContext } from './store.contract.fixtures';

const sub = (endpoint: string, username: string, extra: Partial<PushSubscriptionRecord> = {}) => ({
  endpoint: `https://push.example.test/${endpoint}`,
  username,
  p256dh: `p256dh-${endpoint}`,
  auth: `auth-${endpoint}`,
  createdAt: T0,
  ...extra,
});

export function pushContract(ctx: ContractContext): void {
  describe('settings and push subscriptions', () => {
    it('keeps the first value of a setting: a second writer gets the stored one back', async () => {
      expect(await ctx.store.keepSetting('vapid', 'first')).toBe('first');
      expect(await ctx.store.keepSetting('vapid', 'second')).toBe('first');
      expect(await ctx.store.keepSetting('other', 'x')).toBe('x');
    });

    it('settles writers racing on one setting on a single value', async () => {
      const got = await Promise.all(['a', 'b', 'c', 'd'].map((v) => ctx.store.keepSetting('race', v)));
      expect(new Set(got).size).toBe(1);
      expect(await ctx.store.keepSetting('race', 'late')).toBe(got[0]);
    });

    it('lists the subscriptions of the users asked for, by username then endpoint', async () => {
      const subs = [sub('b', 'tech1'), sub('a', 'tech1'), sub('c', 'tech2'), sub('d', 'sup')];
      for (const s of subs) await ctx.store.putPushSubscription(s);
      expect(await ctx.store.listPushSubscriptions(['tech1', 'tech2'])).toStrictEqual([
        sub('a', 'tech1'),
        sub('b', 'tech1'),
        sub('c', 'tech2'),
      ]);
      expect(await ctx.store.listPushSubscriptions([])).toStrictEqual([]);
      expect(await ctx.store.listPushSubscriptions(['nobody'])).toStrictEqual([]);
    });

    it('replaces the subscription of an endpoint subscribed again, by whoever', async () => {
      await ctx.store.putPushSubscription(sub('a', 'tech1'));
      const again = sub('a', 'tech2', { p256dh: 'new-key', auth: 'new-auth', createdAt: T0 + 5 });
      await ctx.store.putPushSubscription(again);
      expect(await ctx.store.listPushSubscriptions(['tech1', 'tech2'])).toStrictEqual([again]);
    });

    it("deletes one endpoint, only its owner's when a username is given", async () => {
      await ctx.store.putPushSubscription(sub('a', 'tech1'));
      await ctx.store.putPushSubscription(sub('b', 'tech1'));
      expect(await ctx.store.deletePushSubscription(sub('a', 'x').endpoint, 'tech2')).toBe(false);
      expect(await ctx.store.deletePushSubscription(sub('a', 'x').endpoint, 'tech1')).toBe(true);
      expect(await ctx.store.deletePushSubscription(sub('a', 'x').endpoint)).toBe(false);
      expect(await ctx.store.deletePushSubscription(sub('b', 'x').endpoint)).toBe(true);
      expect(await ctx.store.listPushSubscriptions(['tech1'])).toStrictEqual([]);
    });

    it("deletes every subscription of a user and says how many, leaving the others'", async () => {
      for (const s of [sub('a', 'tech1'), sub('b', 'tech1'), sub('c', 'tech2')])
        await ctx.store.putPushSubscription(s);
      expect(await ctx.store.deleteUserPushSubscriptions('tech1')).toBe(2);
      expect(await ctx.store.deleteUserPushSubscriptions('tech1')).toBe(0);
      expect(await ctx.store.listPushSubscriptions(['tech1', 'tech2'])).toStrictEqual([sub('c', 'tech2')]);
    });
  });
}
