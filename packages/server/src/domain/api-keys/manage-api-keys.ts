import type { Deps } from '../deps.js';
import { requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { AppError, notFound } from '../shared/errors.js';
import type { ApiKey } from './ports.js';
import { requireStepUp } from '../mfa/step-up.js';

export async function listApiKeys(deps: Pick<Deps, 'store'>, input: { actor: Actor }): Promise<ApiKey[]> {
  requirePermission(input.actor.principal, 'api-keys:manage');
  return deps.store.apiKeys.list(input.actor.principal.orgId);
}

export async function revokeApiKey(deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'stepUpSeconds'>, input: { actor: Actor; id: string }): Promise<ApiKey> {
  const { principal } = input.actor;
  const key = await deps.store.apiKeys.findById(principal.orgId, input.id);
  if (!key) throw notFound('API key');
  requirePermission(principal, 'api-keys:manage');
  requireStepUp(deps, principal);
  if (key.revokedAt) throw new AppError('invalid-state', 'this API key is already revoked');
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    await tx.apiKeys.revoke(principal.orgId, key.id, now.toISOString());
    await tx.audit.record(auditEntry(deps.ids.id(), now, input.actor, 'api-key.revoke', { type: 'api-key', id: key.id }));
  });
  return { ...key, revokedAt: now.toISOString() };
}
