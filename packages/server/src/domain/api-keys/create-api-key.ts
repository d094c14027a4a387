import type { Deps } from '../deps.js';
import { ROLES, isPermission, permissionsOf, requirePermission, type Permission, type Role } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { AppError } from '../shared/errors.js';
import { FieldChecks } from '../shared/validation.js';
import type { ApiKey } from './ports.js';
import { mintApiKey } from './key-format.js';
import { requireStepUp } from '../mfa/step-up.js';

export interface CreateApiKeyInput {
  actor: Actor;
  name: string;
  /** The role the key acts with; at most the creator's own. Defaults to the creator's role. */
  role?: Role | undefined;
  /** Narrow the role further to these permissions (least privilege). */
  scopes?: string[] | undefined;
  /** When the key stops working; must be in the future. None: it works until revoked. */
  expiresAt?: string | undefined;
  /** Restrict the key to one of the organisation's issuers. */
  issuerId?: string | undefined;
}

const rank = (role: Role): number => ROLES.indexOf(role);

export async function createApiKey(
  deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'stepUpSeconds'>,
  input: CreateApiKeyInput,
): Promise<{ apiKey: ApiKey; secret: string }> {
  const { principal } = input.actor;
  requirePermission(principal, 'api-keys:manage');
  requireStepUp(deps, principal);
  // A key acts for the member who made it (authentication caps it by their current role): no member, no key.
  if (!principal.userId) throw new AppError('forbidden', 'an API key must be made by a member');
  const role = input.role ?? principal.role;
  if (rank(role) > rank(principal.role)) throw new AppError('forbidden', `a ${principal.role} cannot create a key with the ${role} role`);
  const unknown = (input.scopes ?? []).filter((s) => !isPermission(s));
  if (unknown.length > 0) {
    throw new AppError('validation', 'unknown scopes', { fields: unknown.map((s) => ({ path: '/scopes', message: `unknown scope "${s}"` })) });
  }
  const now = deps.clock.now();
  const checks = new FieldChecks();
  if (input.expiresAt !== undefined) checks.check(Date.parse(input.expiresAt) > now.getTime(), '/expiresAt', 'must be in the future');
  if (input.issuerId !== undefined) checks.check(Boolean(await deps.store.issuers.findById(principal.orgId, input.issuerId)), '/issuerId', 'is not an issuer of this organisation');
  checks.throwIfAny();
  const scopes = [...permissionsOf(role, input.scopes as Permission[] | undefined)].filter((p) => principal.permissions.has(p));
  const { secret, prefix, hash } = mintApiKey(deps.ids);
  const apiKey: ApiKey = {
    id: deps.ids.id(),
    orgId: principal.orgId,
    name: input.name.trim() || 'API key',
    prefix,
    keyHash: hash,
    role,
    scopes,
    createdBy: principal.userId,
    createdAt: now.toISOString(),
    lastUsedAt: null,
    expiresAt: input.expiresAt ? new Date(input.expiresAt).toISOString() : null,
    revokedAt: null,
    issuerId: input.issuerId ?? null,
  };
  await deps.store.transaction(async (tx) => {
    await tx.apiKeys.insert(apiKey);
    await tx.audit.record(auditEntry(deps.ids.id(), now, input.actor, 'api-key.create', { type: 'api-key', id: apiKey.id }, { role, scopes, ...(apiKey.issuerId ? { issuerId: apiKey.issuerId } : {}), ...(apiKey.expiresAt ? { expiresAt: apiKey.expiresAt } : {}) }));
  });
  return { apiKey, secret };
}
