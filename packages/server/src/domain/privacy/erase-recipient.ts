import type { Deps } from '../deps.js';
import { requirePermission } from '../auth/permissions.js';
import { requireStepUp } from '../mfa/step-up.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { notFound } from '../shared/errors.js';

/** What an erased address and name become in Laurel's own rows (the signed credential keeps its salted hash). */
export const ERASED = '[erased]';

/**
 * An erasure request handled by the issuer: every credential the organisation issued to this recipient
 * loses the name and address in Laurel's rows; the credentials stay verifiable and revocable. Audit-logged
 * without the recipient's data (not even the directory key, which is derived from the address).
 */
export async function eraseRecipient(deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'stepUpSeconds'>, input: { actor: Actor; recipientKey: string }): Promise<{ credentials: number }> {
  const { principal } = input.actor;
  requirePermission(principal, 'recipients:erase');
  requireStepUp(deps, principal);
  const credentials = await deps.store.privacy.credentialsOfRecipient(principal.orgId, input.recipientKey);
  if (credentials.length === 0) throw notFound('recipient');
  const result = await deps.store.transaction(async (tx) => {
    const changed = await tx.privacy.eraseRecipientData(credentials, ERASED);
    await tx.audit.record(auditEntry(deps.ids.id(), deps.clock.now(), input.actor, 'recipient.erase', { type: 'recipient', id: deps.ids.id() }, { credentials: changed }));
    return { credentials: changed };
  });
  await deps.store.privacy.scrub();
  return result;
}
