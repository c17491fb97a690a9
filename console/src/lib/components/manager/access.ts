// Who may open the manager page: the roles GET /api/stats answers (dispatcher, viewer; admin may
// do everything). The server checks again; this only decides what the console offers.
import type { Role } from '../../api/types';

export const MANAGER_ROLES: readonly Role[] = ['admin', 'dispatcher', 'viewer'];

export function canSeeManager(role: Role | undefined): boolean {
  return role !== undefined && MANAGER_ROLES.includes(role);
}
