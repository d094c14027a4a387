import type { Deps } from '../deps.js';
import { requireIssuer, requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { AppError, notFound } from '../shared/errors.js';
import type { Credential } from './ports.js';
import { setStatusBit } from '../status/status-lists.js';
import { enqueueWebhookEvent } from '../webhooks/events.js';

export interface RevokeCredentialInput {
  actor: Actor;
  id: string;
  reason: string;
}

/** Revocation is final: the hosted assertion answers 410 and the revocation bit is set, in one transaction. */
export async function revokeCredential(deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'urls'>, input: RevokeCredentialInput): Promise<Credential> {
  // Revocation also lifts a suspension: the credential is simply over.
  const { principal } = input.actor;
  const existing = await deps.store.credentials.findById(principal.orgId, input.id);
  if (!existing) throw notFound('credential');
  requirePermission(principal, 'credentials:revoke');
  requireIssuer(principal, existing.issuerId);
  if (existing.status === 'revoked') throw new AppError('invalid-state', 'this credential is already revoked');
  const reason = input.reason.trim();
  if (!reason) throw new AppError('validation', 'a revocation reason is required', { fields: [{ path: '/reason', message: 'must not be blank' }] });
  const now = deps.clock.now();
  const revoked: Credential = {
    ...existing,
    status: 'revoked',
    revocationReason: reason,
    revokedAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  await deps.store.transaction(async (tx) => {
    await tx.credentials.update(revoked);
    if (revoked.statusIndex !== null) {
      await setStatusBit(deps, tx, revoked.issuerId, 'revocation', revoked.statusIndex, true);
      if (existing.status === 'suspended') await setStatusBit(deps, tx, revoked.issuerId, 'suspension', revoked.statusIndex, false);
    }
    await tx.audit.record(auditEntry(deps.ids.id(), now, input.actor, 'credential.revoke', { type: 'credential', id: revoked.id }, { reason }));
    await enqueueWebhookEvent(deps, tx, { type: 'credential.revoked', credential: revoked, status: 'revoked', occurredAt: now, eventId: deps.ids.id() });
  });
  return revoked;
}
