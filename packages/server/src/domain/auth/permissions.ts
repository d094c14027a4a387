import { AppError } from '../shared/errors.js';

export const ROLES = ['viewer', 'issuer', 'admin', 'owner'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Permissions are what routes require. API keys carry a subset as scopes;
 * members get them from their role.
 */
export const PERMISSIONS = [
  'org:read',
  'org:manage',
  'members:manage',
  'api-keys:manage',
  'issuers:read',
  'issuers:write',
  'achievements:read',
  'achievements:write',
  'credentials:read',
  'credentials:issue',
  'credentials:revoke',
  'audit:read',
  'webhooks:read',
  'webhooks:write',
  'recipients:erase',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const VIEWER: Permission[] = ['org:read', 'issuers:read', 'achievements:read', 'credentials:read'];
const ISSUER: Permission[] = [...VIEWER, 'credentials:issue', 'credentials:revoke'];
const ADMIN: Permission[] = [...ISSUER, 'issuers:write', 'achievements:write', 'api-keys:manage', 'members:manage', 'audit:read', 'webhooks:read', 'webhooks:write', 'recipients:erase'];
const OWNER: Permission[] = [...ADMIN, 'org:manage'];

export const ROLE_PERMISSIONS = {
  viewer: VIEWER,
  issuer: ISSUER,
  admin: ADMIN,
  owner: OWNER,
} as const satisfies Record<Role, readonly Permission[]>;

/** Who is calling, within which organisation. Every domain query is scoped by `orgId`. */
export interface Principal {
  kind: 'api-key' | 'session' | 'oauth-client';
  orgId: string;
  /** The member (session) or the member who created the key. */
  userId?: string | undefined;
  apiKeyId?: string | undefined;
  /** An OAuth machine client's client_id (client credentials grant). */
  clientId?: string | undefined;
  role: Role;
  permissions: ReadonlySet<Permission>;
  /** An API key or OAuth client restricted to one issuer: it may change only that issuer and its achievements and credentials. */
  issuerId?: string | undefined;
  /** Sessions: when a factor was last proven (sensitive actions need a recent one; see mfa/step-up.ts). */
  factorAt?: string | null | undefined;
}

export function permissionsOf(role: Role, scopes?: readonly Permission[]): Set<Permission> {
  const granted: readonly Permission[] = ROLE_PERMISSIONS[role];
  if (!scopes) return new Set(granted);
  return new Set(scopes.filter((s) => granted.includes(s)));
}

export function requirePermission(principal: Principal, permission: Permission): void {
  if (!principal.permissions.has(permission)) {
    throw new AppError('forbidden', `this action needs the "${permission}" permission`);
  }
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

/**
 * What an issuer-bound API key keeps of its role: the issuer's own reads and writes. Organisation-wide
 * powers (members, keys, webhooks, the organisation, the audit log) would let it step outside its issuer.
 */
export const ISSUER_BOUND_PERMISSIONS: readonly Permission[] = [
  'org:read', 'issuers:read', 'issuers:write', 'achievements:read', 'achievements:write', 'credentials:read', 'credentials:issue', 'credentials:revoke',
];

/** Refuse a change to another issuer's things (or to no issuer in particular) by an issuer-bound key. */
export function requireIssuer(principal: Principal, issuerId: string | null): void {
  if (principal.issuerId !== undefined && principal.issuerId !== issuerId) {
    throw new AppError('forbidden', 'this API key or client is restricted to another issuer');
  }
}

/** Refuses callers restricted to one issuer (an API key or an OAuth client) where the action spans the organisation. */
export function requireUnrestricted(principal: Principal): void {
  if (principal.issuerId !== undefined) throw new AppError('forbidden', 'a caller restricted to one issuer cannot do this');
}
