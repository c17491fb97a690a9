// POST /api/auth/login (public), GET /api/auth/session (public), POST /api/auth/logout,
// GET /api/auth/me, POST /api/auth/password.
import { Router } from 'express';
import { ChangePasswordBody, type SessionResponse } from '../../contracts/dto';
import type { Services } from '../../services';
import { SESSION_COOKIE, tokenFrom } from '../../auth/token';
import { authenticate, currentUser } from '../auth';
import { clientAddressKey } from '../../auth/client-address';
import type { HashGateLimits } from '../../auth/hash-gate';
import { LoginThrottle } from '../../auth/login-throttle';
import { parse } from '../../contracts/parse';
import { DomainError } from '../../errors';
import type { Logger } from '../../log';
import { HttpError } from '../errors';
import { loginHandler } from './login';
import { sha256 } from '../../auth/secrets';
import { audited, clientIp } from '../audit';
import { callerOf } from './users';

export function authRouter(s: Services, log: Logger, loginHash: HashGateLimits): Router {
  const r = Router();
  // One back-off for logins and password changes: a stolen session cannot guess its way on either.
  const throttle = new LoginThrottle(() => s.clock.now());
  r.post('/login', loginHandler(s, log, loginHash, throttle));
  r.post('/logout', authenticate(s.users), async (req, res) => {
    const token = tokenFrom(req.headers.authorization, req.headers.cookie);
    if (token) {
      await s.users.logout(token);
      audited(res, 'auth.logout', 'user', currentUser(req).username);
      s.bus.emit('session:ended', { tokenHash: sha256(token) });
    }
    res.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: req.secure });
    res.status(204).end();
  });
  // One's own password: the current one proves it; the user's other logins end, this one stays.
  r.post('/password', authenticate(s.users), async (req, res) => {
    const body = parse(ChangePasswordBody, req.body);
    const caller = callerOf(req);
    const address = clientAddressKey(clientIp(req) ?? '?');
    const admission = throttle.admit({ username: caller.username, address });
    if (!admission.ok) {
      res.setHeader('retry-after', String(admission.retryAfterS));
      throw new HttpError(
        429,
        'too_many_attempts',
        `too many failed attempts; try again in ${admission.retryAfterS} s`,
      );
    }
    try {
      await s.accounts.changePassword(caller, body.current, body.password);
    } catch (err) {
      if (err instanceof DomainError && err.kind === 'unauthorized') admission.slot.failed();
      else admission.slot.abandoned();
      throw err;
    }
    admission.slot.succeeded();
    audited(res, 'auth.password', 'user', caller.username);
    res.status(204).end();
  });
  // Whether there is a session, answered 200 either way: the console asks it before its login page,
  // where a 401 from /me would be logged by the browser as an error on every fresh start.
  r.get('/session', async (req, res) => {
    const token = tokenFrom(req.headers.authorization, req.headers.cookie);
    const user = token ? await s.users.authenticate(token) : undefined;
    res.setHeader('cache-control', 'no-store');
    res.json({ user: user ?? null } satisfies SessionResponse);
  });
  r.get('/me', authenticate(s.users), (req, res) => {
    res.json(currentUser(req));
  });
  return r;
}
