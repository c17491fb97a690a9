// Who is logged in, from the server's cookie session (httpOnly: the page never sees the token).
// Any 401 from the API ends the session here; App then shows /login.
import { ApiError, onUnauthorized } from '../api/client';
import { api } from '../api/endpoints';
import type { Role, SessionUser } from '../api/types';
import type { Route } from '../router/router.svelte';

class Session {
  user = $state<SessionUser | null>(null);
  /** False until the first GET /api/auth/me has answered. */
  ready = $state(false);

  constructor() {
    onUnauthorized(() => this.expire());
  }

  async restore(): Promise<void> {
    try {
      this.user = await api.me();
    } catch (err) {
      if (!(err instanceof ApiError)) console.warn('session check failed', err);
      this.user = null;
    } finally {
      this.ready = true;
    }
  }

  async login(username: string, password: string): Promise<void> {
    const res = await api.login(username, password);
    this.user = res.user;
  }

  async logout(): Promise<void> {
    try {
      await api.logout();
    } catch (err) {
      // The cookie may already be gone; the page forgets the user either way.
      console.warn('logout failed', err);
    }
    this.user = null;
  }

  expire(): void {
    this.user = null;
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
