import { ROLE_PERMISSIONS, ROLES, type Permission, type Role } from '../auth/permissions.js';

/**
 * Who a scope is granted for: `organisation` scopes go to machine clients (client credentials grant)
 * and act on an organisation's resources; `earner` scopes are consented to by a signed-in person
 * (authorization code grant) and act on that person's own resources.
 */
export type ScopeAudience = 'organisation' | 'earner';

export interface ScopeDefinition {
  name: string;
  audience: ScopeAudience;
  /** One line for the discovery documents and the consent page (English; the web app translates known scopes). */
  description: string;
}

/**
 * What another protocol adds to the authorization server: its scopes, the RFC 9396
 * `authorization_details` types it understands (each validated by its handler) and members of the
 * server metadata. OpenID4VCI's authorization code flow plugs in here (`openid_credential` details
 * and its credential scopes) without a change to the grants.
 */
export interface AuthorizationExtension {
  scopes?: readonly ScopeDefinition[];
  /**
   * Scopes made on the fly (e.g. one per OpenID4VCI credential configuration): the definition of `name`,
   * with the `umbrella` scope a client must have registered to ask for it, or undefined when not one of these.
   */
  dynamicScope?(name: string): (ScopeDefinition & { umbrella: string }) | undefined;
  /** The consent page's words for one of its dynamic scopes (e.g. the credential's name), when it knows better. */
  describeScope?(name: string): Promise<string | undefined>;
  /**
   * An `issuer_state` the extension handed out (OpenID4VCI's issuer-initiated offer): the authorization
   * details it stands for, used when the request names none of its own; undefined when not one of its own.
   */
  issuerState?(value: string): Promise<Record<string, unknown>[] | undefined>;
  authorizationDetails?: Readonly<Record<string, AuthorizationDetailsHandler>>;
  metadata?: Readonly<Record<string, unknown>>;
}

export interface AuthorizationDetailsHandler {
  /** Returns the detail as it will be granted, or a reason it is refused. */
  validate(detail: Record<string, unknown>, client: { id: string; scopes: readonly string[] }): { ok: true; detail: Record<string, unknown> } | { ok: false; reason: string };
  /** What the consent page shows the earner for a validated detail (e.g. which credential). */
  describe?(detail: Record<string, unknown>): Promise<string>;
}

export const LAUREL_SCOPES = {
  'laurel.read': { audience: 'organisation', description: 'Read the organisation’s issuers, achievements and credentials', permissions: ROLE_PERMISSIONS.viewer, role: 'viewer' },
  'laurel.issue': { audience: 'organisation', description: 'Award credentials', permissions: ['credentials:issue'], role: 'issuer' },
  'laurel.revoke': { audience: 'organisation', description: 'Revoke, suspend and reinstate credentials', permissions: ['credentials:revoke'], role: 'issuer' },
  'laurel.admin': { audience: 'organisation', description: 'Everything an admin of the organisation may do', permissions: ROLE_PERMISSIONS.admin, role: 'admin' },
} as const satisfies Record<string, { audience: ScopeAudience; description: string; permissions: readonly Permission[]; role: Role }>;
export type LaurelScope = keyof typeof LAUREL_SCOPES;

const OB = 'https://purl.imsglobal.org/spec/ob/v3p0/scope/';
export const OB_SCOPES = {
  credentialRead: `${OB}credential.readonly`,
  credentialUpsert: `${OB}credential.upsert`,
  profileRead: `${OB}profile.readonly`,
  profileUpdate: `${OB}profile.update`,
} as const;

/** `offline_access` is accepted (Open Badges hosts ask for it); a refresh token is given to every client registered for the refresh_token grant. */
export const OFFLINE_ACCESS = 'offline_access';

const BUILT_IN: readonly ScopeDefinition[] = [
  ...Object.entries(LAUREL_SCOPES).map(([name, s]) => ({ name, audience: s.audience, description: s.description })),
  { name: OB_SCOPES.credentialRead, audience: 'earner', description: 'Permission to read OpenBadgeCredentials for the authenticated entity.' },
  { name: OB_SCOPES.credentialUpsert, audience: 'earner', description: 'Permission to create or update OpenBadgeCredentials for the authenticated entity.' },
  { name: OB_SCOPES.profileRead, audience: 'earner', description: 'Permission to read the profile for the authenticated entity.' },
  { name: OB_SCOPES.profileUpdate, audience: 'earner', description: 'Permission to update the profile for the authenticated entity.' },
  { name: OFFLINE_ACCESS, audience: 'earner', description: 'Stay connected (a refresh token)' },
];

/** Every scope the server knows: the built-in ones and those of the extensions. */
export function scopeCatalogue(extensions: readonly AuthorizationExtension[] = []): Map<string, ScopeDefinition> {
  return new Map([...BUILT_IN, ...extensions.flatMap((e) => e.scopes ?? [])].map((s) => [s.name, s]));
}

/** A scope's definition, built in, from an extension, or made on the fly; with the scope a client needs registered to ask for it. */
export function resolveScope(extensions: readonly AuthorizationExtension[], name: string): (ScopeDefinition & { umbrella: string }) | undefined {
  const known = scopeCatalogue(extensions).get(name);
  if (known) return { ...known, umbrella: name };
  for (const e of extensions) {
    const found = e.dynamicScope?.(name);
    if (found) return found;
  }
  return undefined;
}

export function authorizationDetailsHandlers(extensions: readonly AuthorizationExtension[] = []): Map<string, AuthorizationDetailsHandler> {
  return new Map(extensions.flatMap((e) => Object.entries(e.authorizationDetails ?? {})));
}

/** `scope` parameter → distinct scope names (RFC 6749 §3.3: space-delimited, case-sensitive). */
export function parseScope(value: string | undefined): string[] {
  return [...new Set((value ?? '').split(' ').filter(Boolean))];
}

export const formatScope = (scopes: readonly string[]): string => scopes.join(' ');

const isLaurelScope = (s: string): s is LaurelScope => Object.hasOwn(LAUREL_SCOPES, s);

/** A machine client's role and permissions from its scopes, capped by a role (its maker's now). */
export function machinePermissions(scopes: readonly string[], cap: Role, issuerRestricted: boolean): { role: Role; permissions: Set<Permission> } {
  const laurel = scopes.filter(isLaurelScope);
  const implied = laurel.reduce<Role>((top, s) => (ROLES.indexOf(LAUREL_SCOPES[s].role) > ROLES.indexOf(top) ? LAUREL_SCOPES[s].role : top), 'viewer');
  const role = ROLES.indexOf(implied) <= ROLES.indexOf(cap) ? implied : cap;
  const allowed: readonly Permission[] = ROLE_PERMISSIONS[role];
  const permissions = new Set<Permission>(laurel.flatMap((s) => [...LAUREL_SCOPES[s].permissions]).filter((p) => allowed.includes(p)));
  // A client bound to one issuer acts on that issuer's credentials only.
  if (issuerRestricted) for (const p of permissions) if (!ISSUER_BOUND.includes(p)) permissions.delete(p);
  return { role, permissions };
}

/** What a client restricted to one issuer may do: read, award and revoke that issuer's credentials. */
export const ISSUER_BOUND: readonly Permission[] = ['credentials:read', 'credentials:issue', 'credentials:revoke'];
