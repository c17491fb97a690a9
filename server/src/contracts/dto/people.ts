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
  /** Set while an admin has the account disabled. */
  disabledAt: iso.optional(),
});
export type UserDto = z.infer<typeof UserDto>;
export const LoginResponse = z.object({
  token: z.string(),
  user: UserDto.pick({ username: true, role: true, vanId: true }),
});
/** GET /api/auth/session (public): who the request's token or cookie logs in as; `user: null` for nobody. */
export const SessionResponse = z.object({ user: LoginResponse.shape.user.nullable() });
export type SessionResponse = z.infer<typeof SessionResponse>;
export const CreateUserBody = z
  .object({
    username: z.string().regex(/^[a-z0-9_.-]{2,32}$/, 'use 2–32 lowercase letters, digits, _ . or -'),
    password: z.string().min(10, 'the password needs at least 10 characters').max(256),
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

/** PATCH /api/users/{username} (admin): at least one field; the password policy applies to `password`. */
export const UpdateUserBody = z
  .object({
    disabled: z.boolean().optional(),
    role: RoleSchema.optional(),
    /** A technician's van; null takes it away (only for a user who is no longer a technician). */
    vanId: id.nullable().optional(),
    password: z.string().min(1).max(256).optional(),
  })
  .strict()
  .refine((b) => Object.values(b).some((v) => v !== undefined), {
    message: 'give at least one of: disabled, role, vanId, password',
  });
export type UpdateUserBody = z.infer<typeof UpdateUserBody>;

/** POST /api/auth/password: one's own password, proven by the current one. */
export const ChangePasswordBody = z
  .object({
    current: z.string().min(1).max(256),
    password: z.string().min(1).max(256),
  })
  .strict();
