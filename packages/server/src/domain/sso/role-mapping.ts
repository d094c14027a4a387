import { ROLES, type Role } from '../auth/permissions.js';
import type { SsoConnection } from './ports.js';

/**
 * The role the provider's claim gives: the highest role among the rules that match a value, else the
 * connection's default (null: no rule matched and there is no default). SSO never makes an owner.
 */
export function mappedRole(connection: Pick<SsoConnection, 'roleMapping' | 'defaultRole'>, values: readonly string[]): Role | null {
  const have = new Set(values);
  const matched = connection.roleMapping.filter((rule) => have.has(rule.value) && rule.role !== 'owner').map((rule) => rule.role);
  if (matched.length === 0) return connection.defaultRole === 'owner' ? null : connection.defaultRole;
  return matched.sort((a, b) => ROLES.indexOf(b) - ROLES.indexOf(a))[0]!;
}

/** The domain part of an address, lower case; null when it is not an address. */
export function domainOf(email: string): string | null {
  const at = email.lastIndexOf('@');
  if (at < 1 || at === email.length - 1) return null;
  return email.slice(at + 1).trim().toLowerCase();
}
