// Wire formats of logins and users (api.md "Auth", /api/users).
import { z } from 'zod';
import { id, iso, RoleSchema } from './common';

// ---- auth and users
export const LoginBody = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});
export const UserDto = z.object({
  username: z.string(),
  role: RoleSchema,
  vanId: z.string().optional(),
  createdAt: iso,
});
export type UserDto = z.infer<typeof UserDto>;
export const LoginResponse = z.object({
  token: z.string(),
  user: UserDto.pick({ username: true, role: true, vanId: true }),
});
export const CreateUserBody = z
  .object({
    username: z.string().regex(/^[a-z0-9_.-]{2,32}$/, 'use 2–32 lowercase letters, digits, _ . or -'),
    password: z.string().min(8, 'the password needs at least 8 characters').max(256),
    role: RoleSchema,
    vanId: id.optional(),
  })
  .refine((u) => u.role !== 'technician' || u.vanId !== undefined, {
    message: 'a technician belongs to one van: give vanId',
    path: ['vanId'],
  })
  .refine((u) => u.role === 'technician' || u.vanId === undefined, {
    message: 'only technicians carry a vanId',
    path: ['vanId'],
  });
