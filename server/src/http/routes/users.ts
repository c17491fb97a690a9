// /api/users — admin only; never returns secrets.
import { Router } from 'express';
import { CreateUserBody } from '../../contracts/dto';
import { userDto } from '../../mappers';
import type { Services } from '../../services';
import { allow } from '../auth';
import { parse } from '../../contracts/parse';

export function usersRouter(s: Services): Router {
  const r = Router();
  r.use(allow('admin'));
  r.post('/', async (req, res) => {
    res.status(201).json(userDto(await s.users.create(parse(CreateUserBody, req.body))));
  });
  r.get('/', async (_req, res) => {
    res.json((await s.users.list()).map(userDto));
  });
  return r;
}
