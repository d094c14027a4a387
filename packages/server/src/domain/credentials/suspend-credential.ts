import type { Deps } from '../deps.js';
import { requireIssuer, requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { AppError, notFound } from '../shared/errors.js';
import { setStatusBit } from '../status/status-lists.js';
import type { Credential } from './ports.js';
import { enqueueWebhookEvent } from '../webhooks/events.js';
import { effectiveStatus } from './effective-status.js';

export interface SuspensionInput {
  actor: Actor;
  id: string;
  reason?: string | undefined;
}

/**
 * Suspend (temporarily invalidate) or reinstate a credential: the stored status and the issuer's
 * suspension status list change in the same transaction.
 */
async function changeSuspension(deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'urls'>, input: SuspensionInput, suspend: boolean): Promise<Credential> {
  const { principal } = input.actor;
  const existing = await deps.store.credentials.findById(principal.orgId, input.id);
  if (!existing) throw notFound('credential');
  requirePermission(principal, 'credentials:revoke');
  requireIssuer(principal, existing.issuerId);
  if (existing.status === 'revoked') throw new AppError('invalid-state', 'a revoked credential cannot be suspended or reinstated');
  if (suspend && existing.status === 'suspended') throw new AppError('invalid-state', 'this credential is already suspended');
  if (!suspend && existing.status !== 'suspended') throw new AppError('invalid-state', 'this credential is not suspended');
  const now = deps.clock.now();
  const updated: Credential = {
    ...existing,
    status: suspend ? 'suspended' : 'active',
    revocationReason: suspend ? (input.reason?.trim() || null) : null,
    updatedAt: now.toISOString(),
  };
  await deps.store.transaction(async (tx) => {
    await tx.credentials.update(updated);
    if (updated.statusIndex !== null) await setStatusBit(deps, tx, updated.issuerId, 'suspension', updated.statusIndex, suspend);
    await tx.audit.record(
      auditEntry(deps.ids.id(), now, input.actor, suspend ? 'credential.suspend' : 'credential.reinstate', { type: 'credential', id: updated.id }, input.reason ? { reason: input.reason } : {}),
    );
    await enqueueWebhookEvent(deps, tx, {
      type: suspend ? 'credential.suspended' : 'credential.reinstated', credential: updated, status: effectiveStatus(updated, now), occurredAt: now, eventId: deps.ids.id(),
    });
  });
  return updated;
}

export const suspendCredential = (deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'urls'>, input: SuspensionInput) => changeSuspension(deps, input, true);
export const reinstateCredential = (deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'urls'>, input: SuspensionInput) => changeSuspension(deps, input, false);
