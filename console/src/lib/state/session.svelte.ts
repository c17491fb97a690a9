// Who is logged in, from the server's cookie session (httpOnly: the page never sees the token).
// Any 401 from the API ends the session here; App then shows /login. A technician's phone remembers
// who was logged in (name, role, van: nothing secret), so /tech opens with no network; the server
// still decides every request by the cookie.
import { ApiError, onUnauthorized } from '../api/client';
import { api } from '../api/endpoints';
import type { Role, SessionUser } from '../api/types';
import { browserPush, pushServer } from '../push/browser';
import { turnOffPush } from '../push/push';
import type { Route } from '../router/router.svelte';

const REMEMBERED = 'redsail.user';
/** How long a remembered technician waits for the server's word before their page opens. */
const RESTORE_WAIT_MS = 4000;

function remembered(): SessionUser | null {
  try {
    const raw = localStorage.getItem(REMEMBERED);
    return raw ? (JSON.parse(raw) as SessionUser) : null;
  } catch {
    return null;
  }
}

function remember(user: SessionUser | null): void {
  try {
    if (user?.role === 'technician') localStorage.setItem(REMEMBERED, JSON.stringify(user));
    else localStorage.removeItem(REMEMBERED);
  } catch {
    // storage refused (private mode): the phone just will not open offline
  }
}

class Session {
  user = $state<SessionUser | null>(null);
  /** False until the first GET /api/auth/session has answered. */
  ready = $state(false);

  constructor() {
    onUnauthorized(() => this.expire());
  }

  async restore(): Promise<void> {
    const cached = remembered();
    const answered = this.#check(cached);
    // A phone with a weak signal may wait long for any answer: a remembered technician gets their
    // page after a short wait, and the answer, when it comes, still decides (401: back to /login).
    if (cached) await Promise.race([answered, new Promise((r) => setTimeout(r, RESTORE_WAIT_MS))]);
    else await answered;
    if (!this.ready) {
      this.user ??= cached;
      this.ready = true;
    }
  }

  async #check(cached: SessionUser | null): Promise<void> {
    try {
      // Not /me: its 401 for nobody logged in would be a console error on every fresh start.
      this.user = (await api.session()).user;
      remember(this.user);
    } catch (err) {
      // No answer (or a proxy's 5xx): the server could not say. A technician works on offline.
      const unanswered = !(err instanceof ApiError) || err.status >= 500;
      if (unanswered) console.warn('session check failed', err);
      else remember(null);
      this.user = unanswered ? cached : null;
    } finally {
      this.ready = true;
    }
  }

  async login(username: string, password: string): Promise<void> {
    const res = await api.login(username, password);
    this.user = res.user;
    remember(this.user);
  }

  async logout(): Promise<void> {
    // This phone's pushes belong to who is logged in: the next person on it must not get them.
    await turnOffPush(browserPush(), pushServer);
    try {
      await api.logout();
    } catch (err) {
      // The cookie may already be gone; the page forgets the user either way.
      console.warn('logout failed', err);
    }
    this.user = null;
    remember(null);
  }

  expire(): void {
    this.user = null;
    remember(null);
  }

  get role(): Role | undefined {
    return this.user?.role;
  }

  /** Acknowledging alarms and working tickets: dispatchers (admin may do everything). */
  get canDispatch(): boolean {
    return this.role === 'dispatcher' || this.role === 'admin';
  }

  /** The page a role starts on: technicians have their own view. */
  get home(): Route {
    return this.role === 'technician' ? '/tech' : '/';
  }
}

export const session = new Session();
