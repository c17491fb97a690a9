// The Store contract (ARCHITECTURE.md principle 6): every backend must pass all of it, e.g.
//   runStoreContract('sqlite', async () => ({ store, cleanup }))
// Each test gets a fresh, empty store. Behaviour a backend cannot share (persistence across reopen,
// schema versions, pragmas) belongs in that backend's own test file, not here.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreConflictError, type Store } from '../../server/src/store/store';
import { batchContract } from './store.contract.batch';
import { claimsContract } from './store.contract.claims';
import { dutyContract } from './store.contract.duty';
import { byKey, T0, user, type ContractContext } from './store.contract.fixtures';
import { fieldWorkContract } from './store.contract.fieldwork';
import { incidentsContract } from './store.contract.incidents';
import { accountsContract } from './store.contract.accounts';
import { notificationsContract } from './store.contract.notifications';
import { pagingContract } from './store.contract.paging';
import { pushContract } from './store.contract.push';
import { roadClosuresContract } from './store.contract.road-closures';
import { handoversContract } from './store.contract.handovers';
import { integrationsContract } from './store.contract.integrations';
import { registryContract } from './store.contract.registry';
import { sitesContract } from './store.contract.sites';
import { telemetryContract } from './store.contract.telemetry';
import { trackContract } from './store.contract.track';
import { ticketsContract } from './store.contract.tickets';
import { searchContract } from './store.contract.search';

export function runStoreContract(
  name: string,
  makeStore: () => Promise<{ store: Store; cleanup: () => Promise<void> }>,
): void {
  describe(`Store contract: ${name}`, () => {
    let current: { store: Store; cleanup: () => Promise<void> } | undefined;
    const ctx: ContractContext = {
      get store(): Store {
        if (current === undefined) throw new Error('store used outside a test');
        return current.store;
      },
    };
    beforeEach(async () => {
      current = await makeStore();
    });
    afterEach(async () => {
      await current?.cleanup();
      current = undefined;
    });

    it('names its kind', () => {
      expect(ctx.store.kind).toMatch(/^\S+$/);
    });

    it('answers a ping while open', async () => {
      await expect(ctx.store.ping()).resolves.toBeUndefined();
    });

    usersContract(ctx);
    sessionsContract(ctx);
    registryContract(ctx);
    sitesContract(ctx);
    batchContract(ctx);
    claimsContract(ctx);
    ticketsContract(ctx);
    telemetryContract(ctx);
    trackContract(ctx);
    incidentsContract(ctx);
    accountsContract(ctx);
    pagingContract(ctx);
    fieldWorkContract(ctx);
    dutyContract(ctx);
    notificationsContract(ctx);
    pushContract(ctx);
    roadClosuresContract(ctx);
    handoversContract(ctx);
    integrationsContract(ctx);
    searchContract(ctx);
  });
}

function usersContract(ctx: ContractContext): void {
  describe('users', () => {
    it('creates and gets a user; an absent vanId stays absent', async () => {
      const alice = user('alice');
      const bob = user('bob', { role: 'technician', vanId: 'van-7', createdAt: T0 + 1 });
      await ctx.store.createUser(alice);
      await ctx.store.createUser(bob);
      expect(await ctx.store.getUser('alice')).toStrictEqual(alice);
      expect(await ctx.store.getUser('bob')).toStrictEqual(bob);
    });

    it('rejects a duplicate username with StoreConflictError and keeps the first', async () => {
      await ctx.store.createUser(user('alice'));
      await expect(ctx.store.createUser(user('alice', { role: 'admin' }))).rejects.toBeInstanceOf(
        StoreConflictError,
      );
      expect((await ctx.store.getUser('alice'))?.role).toBe('dispatcher');
    });

    it('returns undefined for an unknown user', async () => {
      expect(await ctx.store.getUser('nobody')).toBeUndefined();
    });

    it('lists and counts users', async () => {
      expect(await ctx.store.listUsers()).toStrictEqual([]);
      expect(await ctx.store.countUsers()).toBe(0);
      const users = [user('carol', { role: 'viewer' }), user('alice'), user('bob', { vanId: 'v1' })];
      for (const u of users) await ctx.store.createUser(u);
      const listed = await ctx.store.listUsers();
      expect(listed.sort(byKey((u) => u.username))).toStrictEqual(users.sort(byKey((u) => u.username)));
      expect(await ctx.store.countUsers()).toBe(3);
    });
  });
}

function sessionsContract(ctx: ContractContext): void {
  describe('sessions', () => {
    beforeEach(async () => {
      await ctx.store.createUser(user('alice'));
    });
    const session = (tokenHash: string, expiresAt: number) => ({
      tokenHash,
      username: 'alice',
      createdAt: Date.now() - 1_000,
      expiresAt,
    });

    it('creates, gets and deletes a session', async () => {
      const s = session('h1', Date.now() + 3_600_000);
      await ctx.store.createSession(s);
      expect(await ctx.store.getSession('h1')).toStrictEqual(s);
      await ctx.store.deleteSession('h1');
      expect(await ctx.store.getSession('h1')).toBeUndefined();
    });

    it('deleting an unknown session is a no-op; an unknown hash gives undefined', async () => {
      await expect(ctx.store.deleteSession('nope')).resolves.toBeUndefined();
      expect(await ctx.store.getSession('nope')).toBeUndefined();
    });

    it('does not return an expired session', async () => {
      await ctx.store.createSession(session('old', Date.now() - 1_000));
      await ctx.store.createSession(session('new', Date.now() + 60_000));
      expect(await ctx.store.getSession('old')).toBeUndefined();
      expect((await ctx.store.getSession('new'))?.tokenHash).toBe('new');
    });

    it('deletes the expired sessions only, and says how many', async () => {
      const now = Date.now();
      await ctx.store.createSession(session('gone-1', now - 10));
      await ctx.store.createSession(session('gone-2', now));
      await ctx.store.createSession(session('kept', now + 60_000));
      expect(await ctx.store.deleteExpiredSessions(now)).toBe(2);
      expect((await ctx.store.getSession('kept'))?.tokenHash).toBe('kept');
      expect(await ctx.store.deleteExpiredSessions(now)).toBe(0);
    });

    it('rejects a duplicate token hash with StoreConflictError', async () => {
      await ctx.store.createSession(session('h1', Date.now() + 60_000));
      await expect(ctx.store.createSession(session('h1', Date.now() + 90_000))).rejects.toBeInstanceOf(
        StoreConflictError,
      );
    });
  });
}
