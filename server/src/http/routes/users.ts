// /api/users — admin only; never returns secrets.
import { Router } from 'express';
import { CreateUserBody } from '../../contracts/dto';
import { userDto } from '../../mappers';
import type { Services } from '../../services';
import { allow } from '../auth';
import { parse } from '../../contracts/parse';
import { audited } from '../audit';

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
  return r;
}
