// POST /api/auth/login (public), POST /api/auth/logout, GET /api/auth/me.
import { Router } from 'express';
import type { Services } from '../../services';
import { SESSION_COOKIE, tokenFrom } from '../../auth/token';
import { authenticate, currentUser } from '../auth';
import type { HashGateLimits } from '../../auth/hash-gate';
import type { Logger } from '../../log';
import { loginHandler } from './login';
import { sha256 } from '../../auth/secrets';
import { audited } from '../audit';

export function authRouter(s: Services, log: Logger, loginHash: HashGateLimits): Router {
  const r = Router();
  r.post('/login', loginHandler(s, log, loginHash));
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
