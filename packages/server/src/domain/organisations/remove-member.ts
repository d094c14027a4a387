import type { Deps } from '../deps.js';
import { ROLES, requirePermission, type Role } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { AppError, notFound } from '../shared/errors.js';
import { requireStepUp } from '../mfa/step-up.js';

export interface RemoveMemberInput {
  actor: Actor;
  userId: string;
}

export interface RemoveMemberResult {
  role: Role;
  revokedKeys: number;
  endedSessions: number;
}

const rank = (role: Role): number => ROLES.indexOf(role);
const lastOwner = () => new AppError('invalid-state', 'an organisation needs at least one owner');

/**
 * Remove a person from the organisation. Same rank rules as changing a role: nobody above you, never
 * the last owner; you may remove yourself. In one transaction: the membership goes, their sessions
 * in this organisation end and every API key they made here is revoked (so a later re-invitation
 * does not bring old keys or cookies back), and the audit log records it.
 */
export async function removeMember(deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'stepUpSeconds'>, input: RemoveMemberInput): Promise<RemoveMemberResult> {
  const { principal } = input.actor;
  const membership = await deps.store.memberships.find(principal.orgId, input.userId);
  if (!membership) throw notFound('member');
  requirePermission(principal, 'members:manage');
  requireStepUp(deps, principal);
  if (rank(membership.role) > rank(principal.role)) throw new AppError('forbidden', 'you cannot remove someone above you');
  if (membership.role === 'owner' && (await deps.store.memberships.countOwners(principal.orgId)) <= 1) throw lastOwner();
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    // Checked again inside, owners locked: two owners removing each other at once must not leave none.
    await tx.memberships.lockOwners(principal.orgId);
    await tx.memberships.remove(principal.orgId, input.userId);
    if (membership.role === 'owner' && (await tx.memberships.countOwners(principal.orgId)) < 1) throw lastOwner();
    const endedSessions = await tx.sessions.removeForUserInOrg(input.userId, principal.orgId);
    const revokedKeys = await tx.apiKeys.revokeCreatedBy(principal.orgId, input.userId, now.toISOString());
    // Their OAuth machine clients too (their tokens die with them): re-joining later brings none back.
    const revokedClients = await tx.oauthClients.revokeCreatedBy(principal.orgId, input.userId, now.toISOString());
    const result = { role: membership.role, revokedKeys, endedSessions };
    await tx.audit.record(auditEntry(deps.ids.id(), now, input.actor, 'member.remove', { type: 'user', id: input.userId }, { ...result, revokedClients }));
    return result;
  });
}
