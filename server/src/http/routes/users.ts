// /api/users — admin only; never returns secrets. PATCH disables, changes role or van, resets a password.
import { Router, type Request } from 'express';
import { CreateUserBody, UpdateUserBody } from '../../contracts/dto';
import { userDto } from '../../mappers';
import type { Services } from '../../services';
import type { Caller } from '../../services/accounts';
import { allow, currentUser } from '../auth';
import { parse } from '../../contracts/parse';
import { audited } from '../audit';
import { param } from '../validate';
import { tokenFrom } from '../../auth/token';
import { sha256 } from '../../auth/secrets';

/** The caller and the login they came with (authenticate has accepted its token). */
export function callerOf(req: Request): Caller {
  return {
    username: currentUser(req).username,
    tokenHash: sha256(tokenFrom(req.headers.authorization, req.headers.cookie) ?? ''),
  };
}

export function usersRouter(s: Services): Router {
  const r = Router();
  r.use(allow('admin'));
  r.post('/', async (req, res) => {
    const body = parse(CreateUserBody, req.body);
    const user = await s.users.create(body);
    audited(res, 'user.create', 'user', user.username, body);
    res.status(201).json(userDto(user));
  });
  r.get('/', async (_req, res) => {
    res.json((await s.users.list()).map(userDto));
  });
  r.patch('/:username', async (req, res) => {
    const username = param(req.params, 'username');
    const body = parse(UpdateUserBody, req.body);
    const user = await s.accounts.update(username, body, callerOf(req));
    // The trail never holds a password; that one was reset is kept as `reset`.
    const { password, ...changes } = body;
    audited(res, 'user.update', 'user', username, {
      ...changes,
      ...(password !== undefined && { reset: true }),
    });
    res.json(userDto(user));
  });
  return r;
}
