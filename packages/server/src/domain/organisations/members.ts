import type { Deps } from '../deps.js';
import { ROLES, requirePermission, type Role } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { AppError, notFound } from '../shared/errors.js';
import { FieldChecks, isEmail } from '../shared/validation.js';
import type { MemberView, User } from './ports.js';
import { checkPassword } from './password-policy.js';

const rank = (role: Role): number => ROLES.indexOf(role);

export async function listMembers(deps: Pick<Deps, 'store'>, input: { actor: Actor }): Promise<MemberView[]> {
  requirePermission(input.actor.principal, 'org:read');
  return deps.store.memberships.listForOrg(input.actor.principal.orgId);
}

export interface AddMemberInput {
  actor: Actor;
  email: string;
  role: Role;
  name?: string | undefined;
  /** Initial password for a new account (invitations by email come with the mail issue). */
  password?: string | undefined;
}

/** Add a person to the organisation with a role no higher than the actor's own. */
export async function addMember(deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'passwords'>, input: AddMemberInput): Promise<MemberView> {
  const { principal } = input.actor;
  requirePermission(principal, 'members:manage');
  if (rank(input.role) > rank(principal.role)) throw new AppError('forbidden', `a ${principal.role} cannot grant the ${input.role} role`);
  const email = input.email.trim().toLowerCase();
  const checks = new FieldChecks().check(isEmail(email), '/email', 'must be an email address');
  if (input.password !== undefined) checkPassword(checks, input.password);
  checks.throwIfAny();
  const now = deps.clock.now().toISOString();
  let user = await deps.store.users.findByEmail(email);
  const newUser: User | undefined = user
    ? undefined
    : {
        id: deps.ids.id(),
        email,
        name: input.name?.trim() || null,
        passwordHash: input.password ? await deps.passwords.hash(input.password) : null,
        locale: null,
        createdAt: now,
        updatedAt: now,
      };
  user ??= newUser!;
  if (await deps.store.memberships.find(principal.orgId, user.id)) throw new AppError('conflict', 'this person is already a member');
  await deps.store.transaction(async (tx) => {
    if (newUser) await tx.users.insert(newUser);
    await tx.memberships.insert({ orgId: principal.orgId, userId: user.id, role: input.role, createdAt: now });
    await tx.audit.record(auditEntry(deps.ids.id(), deps.clock.now(), input.actor, 'member.add', { type: 'user', id: user.id }, { role: input.role }));
  });
  return { orgId: principal.orgId, userId: user.id, role: input.role, createdAt: now, email: user.email, name: user.name };
}

export async function changeMemberRole(
  deps: Pick<Deps, 'store' | 'clock' | 'ids'>,
  input: { actor: Actor; userId: string; role: Role },
): Promise<void> {
  const { principal } = input.actor;
  const membership = await deps.store.memberships.find(principal.orgId, input.userId);
  if (!membership) throw notFound('member');
  requirePermission(principal, 'members:manage');
  if (rank(input.role) > rank(principal.role) || rank(membership.role) > rank(principal.role)) {
    throw new AppError('forbidden', 'you cannot change the role of someone above you or grant a role above your own');
  }
  if (membership.role === 'owner' && input.role !== 'owner' && (await deps.store.memberships.countOwners(principal.orgId)) <= 1) {
    throw new AppError('invalid-state', 'an organisation needs at least one owner');
  }
  await deps.store.transaction(async (tx) => {
    await tx.memberships.updateRole(principal.orgId, input.userId, input.role);
    await tx.audit.record(auditEntry(deps.ids.id(), deps.clock.now(), input.actor, 'member.role', { type: 'user', id: input.userId }, { role: input.role }));
  });
}
