import { ROLES, type Role } from '../api/types';

/** Whether `role` is at least `minimum` in viewer < issuer < admin < owner. */
export function hasRole(role: Role | null | undefined, minimum: Role): boolean {
  return role != null && ROLES.indexOf(role) >= ROLES.indexOf(minimum);
}
