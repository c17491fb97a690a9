// Users and sessions: login with scrypt-hashed passwords, opaque bearer tokens (stored as sha256),
// and the admin created on first start.
import type { Logger } from '../log';
import type { z } from 'zod';
import type { Clock } from '../clock';
import type { CreateUserBody } from '../contracts/dto';
import { invalid, unauthorized } from '../errors';
import { passwordProblem } from '../auth/password-policy';
import {
  COST,
  dummyHash,
  hashParams,
  hashSecret,
  randomToken,
  sha256,
  verifySecret,
  type ScryptParams,
} from '../auth/secrets';
import { StoreConflictError, type Role, type Store, type UserRecord } from '../store/store';

export interface SessionUser {
  username: string;
  role: Role;
  vanId?: string;
}

export type UserStore = Pick<
  Store,
  | 'countUsers'
  | 'createUser'
  | 'getUser'
  | 'listUsers'
  | 'createSession'
  | 'getSession'
  | 'deleteSession'
  | 'deleteExpiredSessions'
  | 'updateUser'
  | 'deleteUserSessions'
>;

/** How long a login lasts: technicians' (phones) shorter than everyone else's. */
export interface SessionLengths {
  sessionMs: number;
  techSessionMs: number;
}

export class UserService {
  constructor(
    private readonly store: UserStore,
    private readonly clock: Clock,
    private readonly lengths: SessionLengths,
  ) {}

  /** Creates `admin` when the store has no users. Returns the generated password, if one was generated. */
  async bootstrapAdmin(password: string | undefined): Promise<{ created: boolean; generated?: string }> {
    if ((await this.store.countUsers()) > 0) return { created: false };
    const generated = password === undefined ? randomToken(12) : undefined;
    try {
      await this.store.createUser({
        username: 'admin',
        role: 'admin',
        passwordHash: await hashSecret(password ?? generated ?? '', COST.password),
        createdAt: this.clock.now(),
      });
    } catch (err) {
      // Nodes of a cluster starting at once on a new database: another one created it first.
      if (err instanceof StoreConflictError) return { created: false };
      throw err;
    }
    return generated === undefined ? { created: true } : { created: true, generated };
  }

  /** `onHash` is told the scrypt parameters just before the one hash of this login runs. */
  async login(
    username: string,
    password: string,
    onHash?: (params: ScryptParams | undefined) => void,
  ): Promise<{ token: string; user: SessionUser; expiresAt: number }> {
    const user = await this.store.getUser(username);
    const stored = user?.passwordHash ?? (await dummyHash(COST.password));
    onHash?.(hashParams(stored));
    const ok = await verifySecret(password, stored);
    // A disabled account gets the same answer as a wrong password, after the same work.
    if (!ok || !user || user.disabledAt !== undefined) throw unauthorized('wrong username or password');
    const token = randomToken(32);
    const now = this.clock.now();
    const expiresAt =
      now + (user.role === 'technician' ? this.lengths.techSessionMs : this.lengths.sessionMs);
    await this.store.createSession({ tokenHash: sha256(token), username, createdAt: now, expiresAt });
    return { token, user: sessionUser(user), expiresAt };
  }

  async logout(token: string): Promise<void> {
    await this.store.deleteSession(sha256(token));
  }

  /** The user behind a bearer token, or undefined when the token is unknown or expired. */
  async authenticate(token: string): Promise<SessionUser | undefined> {
    const session = await this.store.getSession(sha256(token));
    if (!session || session.expiresAt <= this.clock.now()) return undefined;
    const user = await this.store.getUser(session.username);
    return user && user.disabledAt === undefined ? sessionUser(user) : undefined;
  }

  async create(body: z.infer<typeof CreateUserBody>): Promise<UserRecord> {
    const problem = passwordProblem(body.password, body.username);
    if (problem) throw invalid(problem);
    const rec: UserRecord = {
      username: body.username,
      role: body.role,
      passwordHash: await hashSecret(body.password, COST.password),
      createdAt: this.clock.now(),
      ...(body.vanId !== undefined && { vanId: body.vanId }),
    };
    await this.store.createUser(rec);
    return rec;
  }

  /** Drops expired sessions so the store does not keep every login forever. */
  purgeExpiredSessions(): Promise<number> {
    return this.store.deleteExpiredSessions(this.clock.now());
  }

  list(): Promise<UserRecord[]> {
    return this.store.listUsers();
  }
}

function sessionUser(u: UserRecord): SessionUser {
  return u.vanId === undefined
    ? { username: u.username, role: u.role }
    : { username: u.username, role: u.role, vanId: u.vanId };
}

/** Says what the first start did about the admin account; a generated password is printed once. */
export function announceAdmin(admin: { created: boolean; generated?: string }, log: Logger): void {
  if (admin.generated) {
    // Printed once, on the first start only: the store keeps just its hash.
    log.warn({ username: 'admin' }, 'created user admin with a generated password (shown once)');
    process.stdout.write(`\n  Redsail admin password (shown once): ${admin.generated}\n\n`);
  } else if (admin.created) {
    log.info('created user admin with REDSAIL_ADMIN_PASSWORD');
  }
}
