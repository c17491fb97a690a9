// Account changes (api.md "Accounts, secrets and audit"): an admin disables a user, changes their role
// or van, resets their password; anyone changes their own password. Whatever takes a login away deletes
// the user's sessions in the store (every token answers 401 at once) and says so on the bus, where the
// realtime gateway closes the user's live sockets — on every node, through the cluster adapter.
import type { Clock } from '../clock';
import type { UpdateUserBody } from '../contracts/dto';
import type { EventBus } from '../events/bus';
import { conflict, invalid, notFound, unauthorized } from '../errors';
import { passwordProblem } from '../auth/password-policy';
import { COST, hashSecret, verifySecret } from '../auth/secrets';
import type { Store, UserRecord } from '../store/store';

export type AccountStore = Pick<
  Store,
  'getUser' | 'listUsers' | 'updateUser' | 'getSession' | 'createSession' | 'deleteUserSessions'
>;

/** Who asks, and with which login (that login survives its own password change). */
export interface Caller {
  username: string;
  tokenHash: string;
}

export class AccountService {
  constructor(
    private readonly store: AccountStore,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly vanExists: (id: string) => boolean,
  ) {}

  /** PATCH /api/users/{username}: checks everything first, then writes once; returns the stored user. */
  async update(username: string, body: UpdateUserBody, caller: Caller): Promise<UserRecord> {
    const user = await this.store.getUser(username);
    if (!user) throw notFound(`user ${username}`);
    const role = body.role ?? user.role;
    const vanId = this.nextVan(user, role, body.vanId);
    if (body.password !== undefined) {
      const problem = passwordProblem(body.password, username);
      if (problem) throw invalid(problem);
    }
    const disabledAt =
      body.disabled === undefined
        ? user.disabledAt
        : body.disabled
          ? (user.disabledAt ?? this.clock.now())
          : undefined;
    const losesAdmin = user.role === 'admin' && user.disabledAt === undefined;
    if (losesAdmin && (role !== 'admin' || disabledAt !== undefined)) await this.keepOneAdmin(username);

    const next: UserRecord = {
      username: user.username,
      role,
      createdAt: user.createdAt,
      passwordHash:
        body.password === undefined ? user.passwordHash : await hashSecret(body.password, COST.password),
      ...(vanId !== undefined && { vanId }),
      ...(disabledAt !== undefined && { disabledAt }),
    };
    if (!(await this.store.updateUser(next))) throw notFound(`user ${username}`);

    const disabled = next.disabledAt !== undefined && user.disabledAt === undefined;
    if (disabled || body.password !== undefined) {
      // The admin resetting their own password keeps the login they did it with.
      await this.endSessions(username, username === caller.username ? caller.tokenHash : undefined);
    } else if (role !== user.role || vanId !== user.vanId) {
      // Rooms follow the role and van: live sockets reconnect with the same token and join the new ones.
      this.bus.emit('user:revoked', { username, sessions: false });
    }
    return next;
  }

  /** POST /api/auth/password: the current password proves it; every other login of the user ends. */
  async changePassword(caller: Caller, current: string, password: string): Promise<void> {
    const user = await this.store.getUser(caller.username);
    if (!user || !(await verifySecret(current, user.passwordHash)))
      throw unauthorized('the current password is wrong');
    const problem = passwordProblem(password, user.username);
    if (problem) throw invalid(problem);
    if (!(await this.store.updateUser({ ...user, passwordHash: await hashSecret(password, COST.password) })))
      throw notFound(`user ${caller.username}`);
    await this.endSessions(user.username, caller.tokenHash);
  }

  /** Deletes every session of the user but `keep` (re-created as it was), then closes their sockets. */
  private async endSessions(username: string, keep: string | undefined): Promise<void> {
    const kept = keep === undefined ? undefined : await this.store.getSession(keep);
    await this.store.deleteUserSessions(username);
    if (kept && kept.username === username) await this.store.createSession(kept);
    this.bus.emit('user:revoked', {
      username,
      sessions: true,
      ...(kept && kept.username === username && { keepTokenHash: kept.tokenHash }),
    });
  }

  /** The van the user has after the change: a technician needs one that exists, no one else has one. */
  private nextVan(
    user: UserRecord,
    role: UserRecord['role'],
    given: string | null | undefined,
  ): string | undefined {
    if (role !== 'technician') {
      if (typeof given === 'string') throw invalid(`only technicians carry a vanId; this user is a ${role}`);
      return undefined;
    }
    const vanId = given === undefined ? user.vanId : (given ?? undefined);
    if (vanId === undefined) throw invalid('a technician belongs to one van: give vanId');
    if (!this.vanExists(vanId)) throw invalid(`van ${vanId} does not exist; register it first`);
    return vanId;
  }

  /** 409 when `username` is the last enabled admin: someone must still be able to manage accounts. */
  private async keepOneAdmin(username: string): Promise<void> {
    const others = (await this.store.listUsers()).filter(
      (u) => u.role === 'admin' && u.disabledAt === undefined && u.username !== username,
    );
    if (others.length === 0)
      throw conflict(
        `${username} is the last enabled admin: enable or create another admin before disabling or demoting this one`,
        'last_admin',
      );
  }
}
