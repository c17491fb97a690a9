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
      if (err instanceof DomainError && err.kind === 'unauthorized') throttle.fail(body.username, address);
      throw err;
    }
    throttle.succeed(body.username);
    const { token, user, expiresAt } = session;
    // Strict: the console is a single page whose document needs no login, and every authenticated
    // request it makes is same-site, so Strict costs nothing and keeps the cookie off any request a
    // foreign page starts (links included). Secure whenever the request came over TLS (req.secure
    // honours X-Forwarded-Proto only through a trusted proxy, TRUST_PROXY).
    res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
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
      s.bus.emit('session:ended', { tokenHash: sha256(token) });
    }
    res.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: req.secure });
    res.status(204).end();
  });
  r.get('/me', authenticate(s.users), (req, res) => {
    res.json(currentUser(req));
  });
  return r;
}
