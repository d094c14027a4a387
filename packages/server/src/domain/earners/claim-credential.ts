import type { Deps } from '../deps.js';
import type { Credential } from '../credentials/ports.js';
import { AppError } from '../shared/errors.js';
import { sha256Hex } from '../shared/hash.js';
import { effectiveStatus } from '../credentials/effective-status.js';
import { enqueueWebhookEvent } from '../webhooks/events.js';

/**
 * Use a claim link: the credential joins the signed-in person's backpack, and the e-mail it was
 * sent to becomes a verified address of theirs (so other credentials sent there appear too).
 * Single-use and expiring.
 */
export async function claimCredential(deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'urls'>, input: { userId: string; token: string }): Promise<Credential> {
  const claim = await deps.store.claims.find(sha256Hex(input.token));
  const now = deps.clock.now();
  if (!claim) throw new AppError('not-found', 'this claim link is not valid');
  if (claim.usedAt) throw new AppError('invalid-state', 'this claim link was already used');
  if (Date.parse(claim.expiresAt) <= now.getTime()) throw new AppError('invalid-state', 'this claim link has expired; ask the issuer to send it again');
  const credential = await deps.store.credentials.findPublic(claim.credentialId);
  if (!credential) throw new AppError('not-found', 'the credential no longer exists');
  if (credential.earnerUserId && credential.earnerUserId !== input.userId) throw new AppError('invalid-state', 'this credential was already claimed by another account');
  const claimed: Credential = { ...credential, earnerUserId: input.userId, updatedAt: now.toISOString() };
  await deps.store.transaction(async (tx) => {
    if (!(await tx.claims.use(claim.id, input.userId, now.toISOString()))) throw new AppError('invalid-state', 'this claim link was already used');
    const holder = await tx.addresses.claim({ id: deps.ids.id(), userId: input.userId, type: 'email', value: claim.email, verifiedAt: now.toISOString(), createdAt: now.toISOString() });
    if (holder.userId !== input.userId) throw new AppError('conflict', 'this e-mail address belongs to another account');
    await tx.credentials.update(claimed);
    await enqueueWebhookEvent(deps, tx, { type: 'credential.claimed', credential: claimed, status: effectiveStatus(claimed, now), occurredAt: now, eventId: deps.ids.id() });
  });
  return claimed;
}

/** The claim link's unsubscribe use: no more award e-mails from that organisation to that address. */
export async function optOutByClaimToken(deps: Pick<Deps, 'store' | 'clock'>, input: { token: string }): Promise<void> {
  const claim = await deps.store.claims.find(sha256Hex(input.token));
  if (!claim) throw new AppError('not-found', 'this link is not valid');
  await deps.store.optOuts.add(claim.orgId, claim.email, deps.clock.now().toISOString());
}
