// Authentication (bearer token or the console's httpOnly cookie) and server-side role checks.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Role } from '../store/store';
import type { SessionUser, UserService } from '../services/users';
import { tokenFrom } from '../auth/token';
import { HttpError } from './errors';

declare module 'express-serve-static-core' {
  interface Request {
    user?: SessionUser;
  }
}

/** Resolves the caller; 401 when there is no valid token. */
export function authenticate(users: UserService): RequestHandler {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const token = tokenFrom(req.headers.authorization, req.headers.cookie);
    const user = token ? await users.authenticate(token) : undefined;
    if (!user) throw new HttpError(401, 'unauthorized', 'log in first: send Authorization: Bearer <token>');
    req.user = user;
    next();
  };
}

/** 403 unless the caller has one of the roles (admin may do everything). */
export function allow(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    const role = req.user?.role;
    if (!role) throw new HttpError(401, 'unauthorized', 'log in first');
    if (role !== 'admin' && !roles.includes(role)) {
      throw new HttpError(
        403,
        'forbidden',
        `a ${role} may not do this; it needs: ${['admin', ...roles].join(' or ')}`,
      );
    }
    next();
  };
}

export const ANY_ROLE: Role[] = ['admin', 'dispatcher', 'technician', 'viewer'];

export function currentUser(req: Request): SessionUser {
  if (!req.user) throw new HttpError(401, 'unauthorized', 'log in first');
  return req.user;
}
