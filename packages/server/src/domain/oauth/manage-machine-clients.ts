import type { Deps } from '../deps.js';
import { requirePermission, ROLES, type Role } from '../auth/permissions.js';
import { requireStepUp } from '../mfa/step-up.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { AppError, notFound } from '../shared/errors.js';
import type { OAuthClient } from './ports.js';
import { LAUREL_SCOPES, type LaurelScope } from './scopes.js';
import { mint, TOKEN_PREFIX } from './secrets.js';

export interface CreateMachineClientInput {
  actor: Actor;
  name: string;
  scopes: string[];
  /** Restrict the client to one issuer of the organisation (its credentials only). */
  issuerId?: string | undefined;
}

const rank = (role: Role): number => ROLES.indexOf(role);

/**
 * A machine client for the client credentials grant. Its scopes mirror roles; it acts for the member who
 * made it, with at most their role now (like an API key), and the secret is shown once (only its sha256 is kept).
 */
export async function createMachineClient(
  deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'stepUpSeconds'>,
  input: CreateMachineClientInput,
): Promise<{ client: OAuthClient; secret: string }> {
  const { principal } = input.actor;
  requirePermission(principal, 'api-keys:manage');
  requireStepUp(deps, principal);
  if (!principal.userId) throw new AppError('forbidden', 'a client must be made by a member');
  const scopes = [...new Set(input.scopes)];
  const unknown = scopes.filter((s) => !Object.hasOwn(LAUREL_SCOPES, s));
  if (scopes.length === 0 || unknown.length > 0) {
    throw new AppError('validation', 'choose scopes among laurel.read, laurel.issue, laurel.revoke and laurel.admin', {
      fields: (unknown.length ? unknown : ['']).map((s) => ({ path: '/scopes', message: s ? `unknown scope "${s}"` : 'choose at least one' })),
    });
  }
  for (const s of scopes as LaurelScope[]) {
    if (rank(LAUREL_SCOPES[s].role) > rank(principal.role) || !LAUREL_SCOPES[s].permissions.every((p) => principal.permissions.has(p))) {
      throw new AppError('forbidden', `you cannot give a client the ${s} scope: it is more than you may do`);
    }
  }
  if (input.issuerId) {
    const issuer = await deps.store.issuers.findById(principal.orgId, input.issuerId);
    if (!issuer) throw notFound('issuer');
    if (scopes.includes('laurel.admin')) throw new AppError('validation', 'a client restricted to one issuer cannot have laurel.admin', { fields: [{ path: '/scopes', message: 'laurel.admin acts on the whole organisation' }] });
  }
  const secret = mint(deps.ids, TOKEN_PREFIX.clientSecret);
  const now = deps.clock.now().toISOString();
  const client: OAuthClient = {
    id: mint(deps.ids, TOKEN_PREFIX.machineClient, 12).value,
    kind: 'machine',
    orgId: principal.orgId,
    name: input.name.trim() || 'Machine client',
    secretHash: secret.hash,
    scopes,
    issuerId: input.issuerId ?? null,
    metadata: null,
    createdBy: principal.userId,
    createdAt: now,
    lastUsedAt: null,
    revokedAt: null,
  };
  await deps.store.transaction(async (tx) => {
    await tx.oauthClients.insert(client);
    await tx.audit.record(auditEntry(deps.ids.id(), new Date(now), input.actor, 'oauth-client.create', { type: 'oauth-client', id: client.id }, { scopes, issuerId: client.issuerId }));
  });
  return { client, secret: secret.value };
}

export async function listMachineClients(deps: Pick<Deps, 'store'>, input: { actor: Actor }): Promise<OAuthClient[]> {
  requirePermission(input.actor.principal, 'api-keys:manage');
  return deps.store.oauthClients.listForOrg(input.actor.principal.orgId);
}

/** Revoking a client ends every token it holds at once. */
export async function revokeMachineClient(deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'stepUpSeconds'>, input: { actor: Actor; id: string }): Promise<OAuthClient> {
  const { principal } = input.actor;
  const client = await deps.store.oauthClients.findInOrg(principal.orgId, input.id);
  if (!client) throw notFound('client');
  requirePermission(principal, 'api-keys:manage');
  requireStepUp(deps, principal);
  if (client.revokedAt) throw new AppError('invalid-state', 'this client is already revoked');
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    await tx.oauthClients.revoke(principal.orgId, client.id, now.toISOString());
    await tx.oauthTokens.revokeForClient(client.id, now.toISOString());
    await tx.audit.record(auditEntry(deps.ids.id(), now, input.actor, 'oauth-client.revoke', { type: 'oauth-client', id: client.id }));
  });
  return { ...client, revokedAt: now.toISOString() };
}
