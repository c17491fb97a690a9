// POST /api/auth/login (public), POST /api/auth/logout, GET /api/auth/me.
import { Router } from 'express';
import { LoginBody } from '../../contracts/dto';
import type { Services } from '../../services';
import { authenticate, currentUser, SESSION_COOKIE, tokenFrom } from '../auth';
import { parse } from '../validate';

export function authRouter(s: Services): Router {
  const r = Router();
  r.post('/login', async (req, res) => {
    const body = parse(LoginBody, req.body);
    const { token, user, expiresAt } = await s.users.login(body.username, body.password);
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
    if (token) await s.users.logout(token);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });
  r.get('/me', authenticate(s.users), (req, res) => {
    res.json(currentUser(req));
  });
  return r;
}
