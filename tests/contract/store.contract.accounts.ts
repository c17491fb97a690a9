// Store contract: accounts and devices that can be changed after creation (disabled users, new secrets,
// decommissioning), a user's sessions removed at once, and the append-only audit trail.
import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../server/src/store/store';
import { device, T0, user, type ContractContext } from './store.contract.fixtures';

function audit(n: number, extra: Partial<AuditRecord> = {}): AuditRecord {
  return { at: T0 + n, actor: 'admin', action: 'user.update', entity: 'user', data: { n }, ...extra };
}

export function accountsContract(ctx: ContractContext): void {
  describe('accounts, secrets and audit', () => {
    it('replaces a user’s fields, disabled or not, and reports a missing user', async () => {
      await ctx.store.createUser(user('tech1', { role: 'technician', vanId: 'van-1' }));
      const disabled = user('tech1', { role: 'viewer', passwordHash: 'scrypt$new', disabledAt: T0 + 5 });
      expect(await ctx.store.updateUser(disabled)).toBe(true);
      expect(await ctx.store.getUser('tech1')).toStrictEqual(disabled);
      const enabled = user('tech1', { role: 'technician' });
      expect(await ctx.store.updateUser(enabled)).toBe(true);
      expect(await ctx.store.getUser('tech1')).toStrictEqual(enabled);
      expect(await ctx.store.updateUser(user('ghost'))).toBe(false);
      expect(await ctx.store.getUser('ghost')).toBeUndefined();
    });

    it('removes every session of one user and only theirs', async () => {
      await ctx.store.createUser(user('a'));
      await ctx.store.createUser(user('b'));
      const session = (tokenHash: string, username: string) => ({
        tokenHash,
        username,
        createdAt: T0,
        expiresAt: Date.now() + 3_600_000,
      });
      await ctx.store.createSession(session('h1', 'a'));
      await ctx.store.createSession(session('h2', 'a'));
      await ctx.store.createSession(session('h3', 'b'));
      expect(await ctx.store.deleteUserSessions('a')).toBe(2);
      expect(await ctx.store.getSession('h1')).toBeUndefined();
      expect(await ctx.store.getSession('h2')).toBeUndefined();
      expect(await ctx.store.getSession('h3')).toMatchObject({ username: 'b' });
      expect(await ctx.store.deleteUserSessions('nobody')).toBe(0);
    });

    it('replaces a device’s secret and marks it decommissioned; a missing device is reported', async () => {
      await ctx.store.createDevice(device('box-1', { type: 'distribution_box', compoundId: 'c1' }));
      const rotated = device('box-1', { type: 'distribution_box', compoundId: 'c1', secretHash: 'hmac$x' });
      expect(await ctx.store.updateDevice(rotated)).toBe(true);
      expect(await ctx.store.getDevice('box-1')).toStrictEqual(rotated);
      const retired = { ...rotated, decommissionedAt: T0 + 9 };
      expect(await ctx.store.updateDevice(retired)).toBe(true);
      expect(await ctx.store.getDevice('box-1')).toStrictEqual(retired);
      expect(await ctx.store.updateDevice(device('nope'))).toBe(false);
    });

    it('appends audit entries in order and lists them newest first with ids', async () => {
      await ctx.store.appendAudit([
        audit(1, { entityId: 'tech1', ip: '127.0.0.1' }),
        audit(2, { actor: 'disp', action: 'ticket.event', entity: 'ticket', entityId: 'T1' }),
      ]);
      await ctx.store.appendAudit([]);
      await ctx.store.appendAudit([audit(3, { data: { nested: { ok: true }, list: [1, 2] } })]);
      const all = await ctx.store.listAudit();
      expect(all.map((e) => e.at)).toStrictEqual([T0 + 3, T0 + 2, T0 + 1]);
      const [third, second, first] = all;
      expect(first).toStrictEqual({ id: first?.id, ...audit(1, { entityId: 'tech1', ip: '127.0.0.1' }) });
      expect(third?.data).toStrictEqual({ nested: { ok: true }, list: [1, 2] });
      expect(second).not.toHaveProperty('ip');
      expect((first?.id ?? 0) < (second?.id ?? 0) && (second?.id ?? 0) < (third?.id ?? 0)).toBe(true);
    });

    it('filters the audit trail by time, actor, entity and id, and pages it', async () => {
      await ctx.store.appendAudit([
        audit(1),
        audit(2, { actor: 'disp', entity: 'ticket', entityId: 'T1' }),
        audit(3, { actor: 'disp', entity: 'ticket', entityId: 'T2' }),
        audit(4, { entity: 'device', entityId: 'box-1' }),
      ]);
      const ats = async (f: Parameters<typeof ctx.store.listAudit>[0]) =>
        (await ctx.store.listAudit(f)).map((e) => e.at - T0);
      expect(await ats({ from: T0 + 2, to: T0 + 3 })).toStrictEqual([3, 2]);
      expect(await ats({ actor: 'disp' })).toStrictEqual([3, 2]);
      expect(await ats({ entity: 'ticket', entityId: 'T1' })).toStrictEqual([2]);
      const page1 = await ctx.store.listAudit({ limit: 2 });
      expect(page1.map((e) => e.at - T0)).toStrictEqual([4, 3]);
      expect(await ats({ limit: 2, beforeId: page1[1]?.id ?? 0 })).toStrictEqual([2, 1]);
    });
  });
}
