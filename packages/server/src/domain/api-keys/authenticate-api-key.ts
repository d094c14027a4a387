import type { Deps } from '../deps.js';
import { isRole, permissionsOf, type Principal } from '../auth/permissions.js';
import { AppError } from '../shared/errors.js';
import { sha256Hex } from '../shared/hash.js';

const USE_RESOLUTION_MS = 60_000;

/** Turn a presented bearer key into a principal, or fail with `unauthenticated`. */
export async function authenticateApiKey(deps: Pick<Deps, 'store' | 'clock'>, secret: string): Promise<Principal> {
  const key = await deps.store.apiKeys.findByHash(sha256Hex(secret));
  const now = deps.clock.now();
  if (!key || key.revokedAt || (key.expiresAt && Date.parse(key.expiresAt) <= now.getTime()) || !isRole(key.role)) {
    throw new AppError('unauthenticated', 'the API key is not valid');
  }
  // Record use at a coarse resolution so reads do not each cost a write.
  if (!key.lastUsedAt || now.getTime() - Date.parse(key.lastUsedAt) > USE_RESOLUTION_MS) {
    await deps.store.apiKeys.markUsed(key.id, now.toISOString());
  }
  return {
    kind: 'api-key',
    orgId: key.orgId,
    apiKeyId: key.id,
    userId: key.createdBy ?? undefined,
    role: key.role,
    permissions: permissionsOf(key.role, key.scopes),
  };
}
