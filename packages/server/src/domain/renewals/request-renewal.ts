import type { Deps } from '../deps.js';
import { listBackpack } from '../earners/backpack.js';
import { AppError, notFound } from '../shared/errors.js';
import { FieldChecks, isHttpUrl } from '../shared/validation.js';
import type { IssueDeps } from '../credentials/issue-credential.js';
import { RenewalAlreadyPending, type RenewalRequest } from './ports.js';
import { assertRenewable } from './renewal-rules.js';
import { automaticRenewalActor, renewCredential } from './renew-credential.js';

export const MAX_RENEWAL_NOTE = 2000;

export type RequestRenewalDeps = IssueDeps & Pick<Deps, 'store' | 'clock' | 'ids'>;

/**
 * The earner asks to renew a certification in their backpack (optionally with a link to new evidence and a
 * note). Manual renewal: the request waits in the issuer's queue. Automatic renewal: approved at once, the
 * new credential issued. Someone else's credential is not found (never "forbidden": no existence leak).
 */
export async function requestRenewal(
  deps: RequestRenewalDeps,
  input: { userId: string; credentialId: string; evidenceUrl?: string | undefined; note?: string | undefined },
): Promise<RenewalRequest> {
  const entry = (await listBackpack(deps, { userId: input.userId })).find((e) => e.credential.id === input.credentialId);
  if (!entry) throw notFound('credential');
  const checks = new FieldChecks();
  if (input.evidenceUrl !== undefined) checks.check(isHttpUrl(input.evidenceUrl), '/evidenceUrl', 'must be an http(s) URL');
  if (input.note !== undefined) {
    checks.check(input.note.trim().length > 0, '/note', 'must not be blank');
    checks.check(input.note.length <= MAX_RENEWAL_NOTE, '/note', `must be at most ${MAX_RENEWAL_NOTE} characters`);
  }
  checks.throwIfAny();
  const now = deps.clock.now();
  const { credential, achievement } = entry;
  assertRenewable(credential, achievement, now);
  const request: RenewalRequest = {
    id: deps.ids.id(),
    orgId: credential.orgId,
    credentialId: credential.id,
    achievementId: achievement.id,
    requestedBy: input.userId,
    evidenceUrl: input.evidenceUrl ?? null,
    note: input.note?.trim() ?? null,
    status: 'pending',
    reason: null,
    newCredentialId: null,
    decidedBy: null,
    createdAt: now.toISOString(),
    decidedAt: null,
  };
  try {
    await deps.store.renewalRequests.insert(request);
  } catch (error) {
    if (error instanceof RenewalAlreadyPending) throw new AppError('conflict', 'a renewal request for this credential is already waiting for the issuer');
    throw error;
  }
  if (achievement.renewalMode !== 'automatic') return request;
  const decision = { status: 'approved' as const, reason: null, newCredentialId: null, decidedBy: null, decidedAt: now.toISOString() };
  if (!(await deps.store.renewalRequests.decide(request.orgId, request.id, decision))) return request;
  const renewed = await renewCredential(deps, { actor: automaticRenewalActor(request.orgId), request });
  await deps.store.renewalRequests.setNewCredential(request.orgId, request.id, renewed.id);
  return { ...request, ...decision, newCredentialId: renewed.id };
}
