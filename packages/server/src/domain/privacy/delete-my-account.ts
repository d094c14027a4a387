import type { Deps } from '../deps.js';
import { assertRecentFactor } from '../mfa/step-up.js';
import type { AuditEntry } from '../shared/audit.js';
import { AppError } from '../shared/errors.js';
import { ERASED } from './erase-recipient.js';

/**
 * An earner deletes their account (a factor proven again just before): their credentials lose their name
 * and address in every organisation's rows (still verifiable and revocable by the issuer: the signed
 * documents hold only the salted hash), the account and everything hanging from it goes, every session
 * ends. Each organisation concerned gets an audit entry without the person's data. Staff leave their
 * organisations first (an organisation is never left without its owner by a deletion).
 */
export async function deleteMyAccount(deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'stepUpSeconds'>, input: { userId: string; factorAt: string | null | undefined; requestId?: string | undefined }): Promise<{ credentials: number }> {
  assertRecentFactor(deps, input.factorAt);
  if ((await deps.store.privacy.memberships(input.userId)) > 0) {
    throw new AppError('conflict', 'you are a member of an organisation: leave it (or have yourself removed) before deleting your account');
  }
  const credentials = await deps.store.privacy.credentialsOfAccount(input.userId);
  const now = deps.clock.now().toISOString();
  const result = await deps.store.transaction(async (tx) => {
    const changed = await tx.privacy.eraseRecipientData(credentials, ERASED);
    for (const orgId of new Set(credentials.map((c) => c.orgId))) {
      const entry: AuditEntry = {
        id: deps.ids.id(), orgId, actorType: 'system', actorId: null, action: 'recipient.erase-by-earner', targetType: 'recipient', targetId: deps.ids.id(),
        ip: null, requestId: input.requestId ?? null, details: { credentials: credentials.filter((c) => c.orgId === orgId).length }, createdAt: now,
      };
      await tx.audit.record(entry);
    }
    await tx.privacy.deleteAccount(input.userId);
    return { credentials: changed };
  });
  await deps.store.privacy.scrub();
  return result;
}
