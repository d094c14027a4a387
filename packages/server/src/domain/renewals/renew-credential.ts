import { createHash } from 'node:crypto';
import type { Principal } from '../auth/permissions.js';
import type { Credential } from '../credentials/ports.js';
import { issueCredential, type IssueDeps } from '../credentials/issue-credential.js';
import type { Actor } from '../shared/actor.js';
import { AppError, notFound } from '../shared/errors.js';
import type { RenewalRequest } from './ports.js';
import { assertRenewable, renewedExpiry } from './renewal-rules.js';

/** Automatic renewal acts as Laurel itself: it may issue, nothing else. */
export function automaticRenewalActor(orgId: string): Actor {
  const principal: Principal = { kind: 'session', orgId, role: 'issuer', permissions: new Set(['credentials:issue']) };
  return { principal };
}

/**
 * Issue the renewal of `request`'s credential: a NEW signed credential for the same recipient (same
 * visibility, the old evidence plus the request's), whose OB 3.0 document names the old one in
 * `relatedResource` with the SHA-384 digest of its document; then the old one is marked superseded. The
 * request must already be claimed (approved) by the caller, so two approvals cannot both issue.
 */
export async function renewCredential(deps: IssueDeps, input: { actor: Actor; request: RenewalRequest }): Promise<Credential> {
  const { request, actor } = input;
  const old = await deps.store.credentials.findById(request.orgId, request.credentialId);
  if (!old) throw notFound('credential');
  const achievement = await deps.store.achievements.findById(request.orgId, old.achievementId);
  if (!achievement) throw notFound('achievement');
  const now = deps.clock.now();
  assertRenewable(old, achievement, now);
  const document = await deps.store.credentialDocuments.find(old.id, 'ob3');
  if (!document) throw new AppError('invalid-state', 'the credential has no OB 3.0 document to link to');
  const digestSRI = `sha384-${createHash('sha384').update(document.body, 'utf8').digest('base64')}`;
  const evidence = [
    ...old.evidence.map((e) => ({ url: e.id, name: e.name, narrative: e.narrative, description: e.description, genre: e.genre, audience: e.audience })),
    ...(request.evidenceUrl || request.note ? [{ url: request.evidenceUrl ?? undefined, narrative: request.note ?? undefined, name: 'Renewal evidence' }] : []),
  ];
  const { credential } = await issueCredential(deps, {
    actor,
    data: {
      achievementId: old.achievementId,
      recipient: { [old.recipient.type]: old.recipient.identity, name: old.recipient.name ?? undefined },
      issuedOn: now.toISOString(),
      expires: renewedExpiry(old, achievement, now),
      narrative: old.narrative ?? undefined,
      evidence,
      visibility: old.visibility,
      results: old.results,
      creditsEarned: old.creditsEarned ?? undefined,
      renews: { credentialId: old.id, digestSRI },
    },
  });
  // The earner who held the old one holds the new one (no claim needed).
  const renewed: Credential = { ...credential, earnerUserId: old.earnerUserId };
  if (old.earnerUserId) await deps.store.credentials.update(renewed);
  if (!(await deps.store.credentials.markSuperseded(old.orgId, old.id, renewed.id, now.toISOString()))) {
    throw new AppError('conflict', 'this credential was renewed meanwhile');
  }
  return renewed;
}
