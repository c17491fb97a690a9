// POST /api/auth/login (public), POST /api/auth/logout, GET /api/auth/me.
import { Router } from 'express';
import { LoginBody } from '../../contracts/dto';
import type { Services } from '../../services';
import { SESSION_COOKIE, tokenFrom } from '../../auth/token';
import { authenticate, currentUser } from '../auth';
import { parse } from '../../contracts/parse';
import { DomainError } from '../../errors';
import { HttpError } from '../errors';
import { LoginThrottle } from '../../auth/login-throttle';
import { sha256 } from '../../auth/secrets';
import { audited, clientIp } from '../audit';

export function authRouter(s: Services): Router {
  const r = Router();
  const throttle = new LoginThrottle(undefined, () => s.clock.now());
  r.post('/login', async (req, res) => {
    const body = parse(LoginBody, req.body);
    const address = req.socket.remoteAddress ?? '?';
    const wait = throttle.retryAfter(body.username, address);
    if (wait > 0) {
      res.setHeader('retry-after', String(wait));
      throw new HttpError(429, 'too_many_attempts', `too many failed logins; try again in ${wait} s`);
    }
    let session;
    try {
      session = await s.users.login(body.username, body.password);
    } catch (err) {
      if (err instanceof DomainError && err.kind === 'unauthorized') {
        throttle.fail(body.username, address);
        const ip = clientIp(req);
        s.audit.record({
          actor: 'anonymous',
          action: 'auth.login_failed',
          entity: 'user',
          entityId: body.username,
          ...(ip !== undefined && { ip }),
          data: { username: body.username },
        });
      }
      throw err;
    }
    throttle.succeed(body.username);
    const { token, user, expiresAt } = session;
    audited(res, 'auth.login', 'user', user.username, {}, user.username);
    res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: req.secure,
      expires: new Date(expiresAt),
    });
    res.json({ token, user });
  });
  r.post('/logout', authenticate(s.users), async (req, res) => {
    const token = tokenFrom(req.headers.authorization, req.headers.cookie);
    if (token) {
      await s.users.logout(token);
      audited(res, 'auth.logout', 'user', currentUser(req).username);
      s.bus.emit('session:ended', { tokenHash: sha256(token) });
    }
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });
  r.get('/me', authenticate(s.users), (req, res) => {
    res.json(currentUser(req));
  });
  return r;
}
