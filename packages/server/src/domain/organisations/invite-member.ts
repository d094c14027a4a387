import type { Deps } from '../deps.js';
import { ROLES, requirePermission, type Role } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { AppError, notFound } from '../shared/errors.js';
import { sha256Hex } from '../shared/hash.js';
import type { JobHandler } from '../shared/job-handler.js';
import { payloadString } from '../shared/job-handler.js';
import { FieldChecks, isEmail } from '../shared/validation.js';
import type { Invitation } from './invitation-ports.js';
import { requireStepUp } from '../mfa/step-up.js';

export const INVITATION_TTL_DAYS = 7;
export const INVITATION_JOB = 'invitation.send';
const rank = (role: Role): number => ROLES.indexOf(role);

/**
 * Invite a person by e-mail with a role no higher than the inviter's own. Nobody becomes a member here:
 * the person joins by using the token mailed to the address. The answer and the work are the same whether
 * or not the address has an account (no account lookup; only "already a member of this organisation",
 * which the inviter can see in the member list anyway). A new invitation replaces a pending one.
 */
export async function inviteMember(deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'stepUpSeconds'>, input: { actor: Actor; email: string; role: Role }): Promise<Invitation> {
  const { principal } = input.actor;
  requirePermission(principal, 'members:manage');
  requireStepUp(deps, principal);
  if (rank(input.role) > rank(principal.role)) throw new AppError('forbidden', `a ${principal.role} cannot grant the ${input.role} role`);
  const email = input.email.trim().toLowerCase();
  new FieldChecks().check(isEmail(email), '/email', 'must be an email address').throwIfAny();
  if ((await deps.store.memberships.listForOrg(principal.orgId)).some((m) => m.email === email)) throw new AppError('conflict', 'this person is already a member');
  const now = deps.clock.now();
  const invitation: Invitation = {
    id: deps.ids.id(),
    orgId: principal.orgId,
    email,
    role: input.role,
    invitedBy: principal.userId ?? null,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + INVITATION_TTL_DAYS * 86_400_000).toISOString(),
    sentAt: null,
    acceptedAt: null,
    acceptedBy: null,
  };
  await deps.store.transaction(async (tx) => {
    await tx.invitations.removePendingFor(principal.orgId, email);
    await tx.invitations.insert(invitation);
    await tx.jobs.enqueue({ name: INVITATION_JOB, orgId: principal.orgId, payload: { orgId: principal.orgId, invitationId: invitation.id } });
    await tx.audit.record(auditEntry(deps.ids.id(), now, input.actor, 'member.invite', { type: 'invitation', id: invitation.id }, { role: input.role }));
  });
  return invitation;
}

export async function listInvitations(deps: Pick<Deps, 'store'>, input: { actor: Actor }): Promise<Invitation[]> {
  requirePermission(input.actor.principal, 'members:manage');
  return deps.store.invitations.listPending(input.actor.principal.orgId);
}

/** Withdraw a pending invitation: its token stops working. */
export async function revokeInvitation(deps: Pick<Deps, 'store' | 'clock' | 'ids'>, input: { actor: Actor; id: string }): Promise<void> {
  const { principal } = input.actor;
  const invitation = await deps.store.invitations.findById(principal.orgId, input.id);
  if (!invitation || invitation.acceptedAt) throw notFound('invitation');
  requirePermission(principal, 'members:manage');
  if (rank(invitation.role) > rank(principal.role)) throw new AppError('forbidden', `a ${principal.role} cannot withdraw an invitation as ${invitation.role}`);
  await deps.store.transaction(async (tx) => {
    await tx.invitations.remove(principal.orgId, invitation.id);
    await tx.audit.record(auditEntry(deps.ids.id(), deps.clock.now(), input.actor, 'member.invite.revoke', { type: 'invitation', id: invitation.id }));
  });
}

/** Job: mail the invitation with a fresh token (only its hash is kept; a retry replaces the token). */
export function invitationJob(deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'urls' | 'mailer' | 'emailRenderer'>): JobHandler {
  return {
    name: INVITATION_JOB,
    version: 1,
    async handle(payload) {
      const invitation = await deps.store.invitations.findById(payloadString(payload, 'orgId'), payloadString(payload, 'invitationId'));
      const now = deps.clock.now();
      if (!invitation || invitation.acceptedAt) return { sent: false, reason: 'the invitation was withdrawn or used' };
      if (Date.parse(invitation.expiresAt) <= now.getTime()) return { sent: false, reason: 'the invitation expired' };
      const org = await deps.store.organisations.findById(invitation.orgId);
      if (!org) return { sent: false, reason: 'the organisation no longer exists' };
      const inviter = invitation.invitedBy ? await deps.store.users.findById(invitation.invitedBy) : undefined;
      const token = deps.ids.token(32);
      await deps.store.invitations.setToken(invitation.id, sha256Hex(token), now.toISOString());
      const message = deps.emailRenderer.invitation({
        locale: org.settings.locale,
        organisationName: org.name,
        inviterName: inviter?.name ?? null,
        role: invitation.role,
        link: deps.urls.joinOrganisation(token),
        expiresAt: invitation.expiresAt,
      });
      await deps.mailer.send({ to: invitation.email, ...message });
      return { sent: true };
    },
  };
}
