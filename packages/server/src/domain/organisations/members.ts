import type { Deps } from '../deps.js';
import { ROLES, requirePermission, type Role } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { AppError, notFound } from '../shared/errors.js';
import type { MemberView } from './ports.js';
import { requireStepUp } from '../mfa/step-up.js';

const rank = (role: Role): number => ROLES.indexOf(role);

export async function listMembers(deps: Pick<Deps, 'store'>, input: { actor: Actor }): Promise<MemberView[]> {
  requirePermission(input.actor.principal, 'org:read');
  return deps.store.memberships.listForOrg(input.actor.principal.orgId);
}

// Members join by invitation: invite-member.ts and accept-invitation.ts.

export async function changeMemberRole(
  deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'stepUpSeconds'>,
  input: { actor: Actor; userId: string; role: Role },
): Promise<void> {
  const { principal } = input.actor;
  const membership = await deps.store.memberships.find(principal.orgId, input.userId);
  if (!membership) throw notFound('member');
  requirePermission(principal, 'members:manage');
  requireStepUp(deps, principal);
  if (rank(input.role) > rank(principal.role) || rank(membership.role) > rank(principal.role)) {
    throw new AppError('forbidden', 'you cannot change the role of someone above you or grant a role above your own');
  }
  if (membership.role === 'owner' && input.role !== 'owner' && (await deps.store.memberships.countOwners(principal.orgId)) <= 1) {
    throw new AppError('invalid-state', 'an organisation needs at least one owner');
  }
  await deps.store.transaction(async (tx) => {
    // Checked again inside, owners locked: two owners demoting each other at once must not leave none.
    await tx.memberships.lockOwners(principal.orgId);
    await tx.memberships.updateRole(principal.orgId, input.userId, input.role);
    if (membership.role === 'owner' && input.role !== 'owner' && (await tx.memberships.countOwners(principal.orgId)) < 1) {
      throw new AppError('invalid-state', 'an organisation needs at least one owner');
    }
    await tx.audit.record(auditEntry(deps.ids.id(), deps.clock.now(), input.actor, 'member.role', { type: 'user', id: input.userId }, { role: input.role }));
  });
}
