import type { Deps } from '../deps.js';
import { requireIssuer, requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { AppError, notFound } from '../shared/errors.js';

/** Send the award e-mail again (a new claim link), through the same durable job. */
export async function resendNotification(deps: Pick<Deps, 'store' | 'clock' | 'ids'>, input: { actor: Actor; id: string }): Promise<{ jobId: string }> {
  const { principal } = input.actor;
  const credential = await deps.store.credentials.findById(principal.orgId, input.id);
  if (!credential) throw notFound('credential');
  requirePermission(principal, 'credentials:issue');
  requireIssuer(principal, credential.issuerId);
  if (credential.recipient.type !== 'email') throw new AppError('invalid-state', 'only recipients with an e-mail address can be notified');
  if (credential.status === 'revoked') throw new AppError('invalid-state', 'this credential is revoked');
  return deps.store.transaction(async (tx) => {
    const jobId = await tx.jobs.enqueue({ name: 'credential.issued', orgId: principal.orgId, payload: { credentialId: credential.id } });
    await tx.audit.record(auditEntry(deps.ids.id(), deps.clock.now(), input.actor, 'credential.notify', { type: 'credential', id: credential.id }));
    return { jobId };
  });
}
