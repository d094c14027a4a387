import type { Deps } from '../deps.js';
import { ISSUER_BOUND_PERMISSIONS, ROLES, isRole, permissionsOf, type Principal, type Role } from '../auth/permissions.js';
import { AppError } from '../shared/errors.js';
import { sha256Hex } from '../shared/hash.js';
import type { PresentedApiKey } from './ports.js';

const USE_RESOLUTION_MS = 60_000;

/** The lower of two roles. */
const lowerRole = (a: Role, b: Role): Role => (ROLES.indexOf(a) <= ROLES.indexOf(b) ? a : b);

/**
 * Turn a presented bearer key into a principal, or fail with `unauthenticated`.
 *
 * A key acts for the member who made it: its role is the lower of its own and its creator's role in
 * the key's organisation now, so demoting a member demotes their keys, and a key whose creator is no
 * longer a member (or that has no creator) stops working. Scopes narrow that role further.
 */
export async function authenticateApiKey(deps: Pick<Deps, 'store' | 'clock'>, secret: string): Promise<Principal> {
  return principalOfApiKey(deps, await deps.store.apiKeys.findByHash(apiKeyHash(secret)));
}

/** What a presented key is looked up by: its SHA-256, hex (only the hash is stored). */
export const apiKeyHash = (secret: string): string => sha256Hex(secret);

/**
 * The verdict on a key read by its hash (`authenticateApiKey`'s checks, for a read that also fetched something
 * else, such as the issue route's issuing context): the principal, or `unauthenticated`.
 */
export async function principalOfApiKey(deps: Pick<Deps, 'store' | 'clock'>, key: PresentedApiKey | undefined): Promise<Principal> {
  const now = deps.clock.now();
  if (
    !key ||
    key.revokedAt ||
    (key.expiresAt && Date.parse(key.expiresAt) <= now.getTime()) ||
    !isRole(key.role) ||
    !key.createdBy ||
    !key.creatorRole ||
    !isRole(key.creatorRole)
  ) {
    throw new AppError('unauthenticated', 'the API key is not valid');
  }
  // Record use at a coarse resolution so reads do not each cost a write.
  if (!key.lastUsedAt || now.getTime() - Date.parse(key.lastUsedAt) > USE_RESOLUTION_MS) {
    await deps.store.apiKeys.markUsed(key.id, now.toISOString());
  }
  const role = lowerRole(key.role, key.creatorRole);
  const permissions = permissionsOf(role, key.scopes);
  if (!key.issuerId) return { kind: 'api-key', orgId: key.orgId, apiKeyId: key.id, userId: key.createdBy, role, permissions };
  return {
    kind: 'api-key',
    orgId: key.orgId,
    apiKeyId: key.id,
    userId: key.createdBy,
    role,
    permissions: new Set([...permissions].filter((p) => ISSUER_BOUND_PERMISSIONS.includes(p))),
    issuerId: key.issuerId,
  };
}
