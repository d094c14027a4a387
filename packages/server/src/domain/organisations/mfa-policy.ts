import type { Deps } from '../deps.js';
import { requirePermission } from '../auth/permissions.js';
import { factorsOf, hasSecondFactor } from '../mfa/factors.js';
import { requireStepUp } from '../mfa/step-up.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { AppError, notFound } from '../shared/errors.js';

export async function getMfaPolicy(deps: Pick<Deps, 'store'>, input: { actor: Actor }): Promise<{ requireMfa: boolean }> {
  requirePermission(input.actor.principal, 'org:read');
  const org = await deps.store.organisations.findById(input.actor.principal.orgId);
  if (!org) throw notFound('organisation');
  return { requireMfa: Boolean(org.settings.requireMfa) };
}

/**
 * Require (or stop requiring) a second factor of every member: owners and admins, with a factor proven
 * recently. Whoever turns it on must have a second factor themselves, so the policy cannot lock its own
 * author out. Members without one are sent to enrol; API keys are not affected.
 */
export async function setMfaPolicy(deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'stepUpSeconds'>, input: { actor: Actor; requireMfa: boolean }): Promise<{ requireMfa: boolean }> {
  const { principal } = input.actor;
  requirePermission(principal, 'members:manage');
  requireStepUp(deps, principal);
  const org = await deps.store.organisations.findById(principal.orgId);
  if (!org) throw notFound('organisation');
  if (input.requireMfa && (!principal.userId || !hasSecondFactor(await factorsOf(deps.store, principal.userId)))) {
    throw new AppError('invalid-state', 'add a second factor (an authenticator app or a passkey) to your own account before requiring one of every member');
  }
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    await tx.organisations.update({ ...org, settings: { ...org.settings, requireMfa: input.requireMfa }, updatedAt: now.toISOString() });
    await tx.audit.record(auditEntry(deps.ids.id(), now, input.actor, 'organisation.mfa-policy', { type: 'organisation', id: org.id }, { requireMfa: input.requireMfa }));
  });
  return { requireMfa: input.requireMfa };
}
