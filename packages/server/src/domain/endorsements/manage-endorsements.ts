import { requirePermission } from '../auth/permissions.js';
import type { Deps } from '../deps.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { AppError, notFound } from '../shared/errors.js';
import type { Endorsement } from './ports.js';

/** Those the organisation made or accepted, and those other organisations here made of it. */
export async function listEndorsements(deps: Pick<Deps, 'store'>, input: { actor: Actor }): Promise<Endorsement[]> {
  requirePermission(input.actor.principal, 'issuers:read');
  return deps.store.endorsements.listForOrg(input.actor.principal.orgId);
}

export async function getEndorsement(deps: Pick<Deps, 'store'>, input: { actor: Actor; id: string }): Promise<Endorsement> {
  requirePermission(input.actor.principal, 'issuers:read');
  const orgId = input.actor.principal.orgId;
  const found = (await deps.store.endorsements.findById(orgId, input.id)) ?? (await deps.store.endorsements.findForSubjectOrg(orgId, input.id));
  if (!found) throw notFound('endorsement');
  return found;
}

/**
 * Revoke (an issued endorsement: its published copy answers 410 Gone, which verifiers read as
 * revoked) or withdraw (a received one: no longer shown). Only the owning organisation can.
 */
export async function revokeEndorsement(deps: Pick<Deps, 'store' | 'clock' | 'ids'>, input: { actor: Actor; id: string }): Promise<Endorsement> {
  const { principal } = input.actor;
  requirePermission(principal, 'issuers:write');
  const found = await deps.store.endorsements.findById(principal.orgId, input.id);
  if (!found) throw notFound('endorsement');
  if (found.revokedAt) return found;
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    await tx.endorsements.revoke(principal.orgId, found.id, now.toISOString());
    await tx.audit.record(auditEntry(deps.ids.id(), now, input.actor, 'endorsement.revoke', { type: 'endorsement', id: found.id }));
  });
  return { ...found, revokedAt: now.toISOString() };
}

/** The published copy of an endorsement signed here; revoked ones are gone. */
export async function publicEndorsement(deps: Pick<Deps, 'store'>, input: { id: string }): Promise<string> {
  const found = await deps.store.endorsements.findPublic(input.id);
  if (!found) throw notFound('endorsement');
  if (found.revokedAt) throw new AppError('endorsement-revoked', 'this endorsement was revoked');
  return found.document;
}

/** An outside endorsement accepted here, verbatim (its endorser's signature intact), while it is shown. */
export async function receivedEndorsement(deps: Pick<Deps, 'store'>, input: { id: string }): Promise<string> {
  const found = await deps.store.endorsements.findShownReceived(input.id);
  if (!found) throw notFound('endorsement');
  return found.document;
}

/**
 * The endorsed organisation takes an endorsement of it (by anyone) off its public page and out of
 * credentials it issues from now on; the endorser's signed word stays published until they revoke it.
 */
export async function hideEndorsement(deps: Pick<Deps, 'store' | 'clock' | 'ids'>, input: { actor: Actor; id: string }): Promise<Endorsement> {
  const { principal } = input.actor;
  requirePermission(principal, 'issuers:write');
  const found = await deps.store.endorsements.findForSubjectOrg(principal.orgId, input.id);
  if (!found) throw notFound('endorsement');
  if (found.hiddenAt) return found;
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    await tx.endorsements.hide(principal.orgId, found.id, now.toISOString());
    await tx.audit.record(auditEntry(deps.ids.id(), now, input.actor, 'endorsement.hide', { type: 'endorsement', id: found.id }));
  });
  return { ...found, hiddenAt: now.toISOString() };
}
