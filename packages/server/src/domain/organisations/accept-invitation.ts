import type { Deps } from '../deps.js';
import { ROLES, permissionsOf, type Role } from '../auth/permissions.js';
import { proveMailbox, signInAddressVerified } from '../earners/mailbox-proof.js';
import { startSession, type SignInResult } from '../sessions/sign-in.js';
import { auditEntry } from '../shared/audit.js';
import { AppError } from '../shared/errors.js';
import { sha256Hex } from '../shared/hash.js';
import { FieldChecks } from '../shared/validation.js';
import type { Invitation } from './invitation-ports.js';
import { checkPassword } from './password-policy.js';
import type { User } from './ports.js';

const rank = (role: Role): number => ROLES.indexOf(role);

async function loadInvitation(deps: Pick<Deps, 'store' | 'clock'>, token: string): Promise<Invitation> {
  const invitation = await deps.store.invitations.findByTokenHash(sha256Hex(token));
  if (!invitation || invitation.acceptedAt) throw new AppError('not-found', 'this invitation is not valid (it may have been used or withdrawn)');
  if (Date.parse(invitation.expiresAt) <= deps.clock.now().getTime()) throw new AppError('invalid-state', 'this invitation has expired; ask for a new one');
  return invitation;
}

export interface InvitationDescription {
  organisationName: string;
  role: Role;
  email: string;
  expiresAt: string;
  /** The address has an account that proved it: its owner signs in to accept (shown only to the token's holder). */
  signInToAccept: boolean;
}

/** What an invitation link is for, shown before accepting. */
export async function describeInvitation(deps: Pick<Deps, 'store' | 'clock'>, input: { token: string }): Promise<InvitationDescription> {
  const invitation = await loadInvitation(deps, input.token);
  const org = await deps.store.organisations.findById(invitation.orgId);
  if (!org) throw new AppError('not-found', 'this invitation is not valid');
  const account = await deps.store.users.findByEmail(invitation.email);
  const signInToAccept = account ? await signInAddressVerified(deps.store, account) : false;
  return { organisationName: org.name, role: invitation.role, email: invitation.email, expiresAt: invitation.expiresAt, signInToAccept };
}

export interface AcceptInvitationInput {
  token: string;
  /** The signed-in person, if any: they must be the invited address's account. */
  /** `mfa`: the session accepting proved a second factor (the new session keeps that). */
  signedIn?: { userId: string; sessionId: string; mfa?: boolean | undefined } | undefined;
  /** For an address without a (verified) account: the password chosen now. */
  password?: string | undefined;
  name?: string | undefined;
  ip?: string | undefined;
  userAgent?: string | undefined;
}

/**
 * Use an invitation link (mailed to the invited address, single use, 7 days): the invited address's account
 * joins with the role, and a session in that organisation starts. The link proves the mailbox, so
 * - signed in: only as the account of the invited address;
 * - an account whose address is verified: its owner signs in first (the link alone signs nobody in);
 * - an account whose address was never verified: it is reset (password chosen now; its sessions end);
 * - no account: one is made with the password chosen now.
 * Refused if the inviter can no longer grant the role.
 */
export async function acceptInvitation(deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'passwords' | 'sessionTtlSeconds'>, input: AcceptInvitationInput): Promise<{ user: User; role: Role } & SignInResult> {
  const invitation = await loadInvitation(deps, input.token);
  const signedIn = input.signedIn ? await deps.store.users.findById(input.signedIn.userId) : undefined;
  if (signedIn && signedIn.email !== invitation.email) throw new AppError('forbidden', 'this invitation was sent to another address; sign out and open the link again');
  const account = signedIn ?? (await deps.store.users.findByEmail(invitation.email));
  const verified = account ? await signInAddressVerified(deps.store, account) : false;
  if (account && verified && !signedIn) throw new AppError('unauthenticated', 'an account with this e-mail exists; sign in to accept');
  let passwordHash: string | undefined;
  if (!signedIn && !verified) {
    const checks = new FieldChecks();
    if (input.password === undefined) checks.add('/password', 'is required');
    else checkPassword(checks, input.password);
    checks.throwIfAny();
    passwordHash = await deps.passwords.hash(input.password!);
  }
  if (invitation.invitedBy) {
    const inviter = await deps.store.memberships.find(invitation.orgId, invitation.invitedBy);
    if (!inviter || rank(inviter.role as Role) < rank(invitation.role)) throw new AppError('invalid-state', 'whoever invited you can no longer grant this role; ask for a new invitation');
  }
  const now = deps.clock.now();
  const at = now.toISOString();
  const user = await deps.store.transaction(async (tx) => {
    const user: User = account ?? { id: deps.ids.id(), email: invitation.email, name: input.name?.trim() || null, passwordHash: passwordHash!, locale: null, createdAt: at, updatedAt: at };
    if (!account) await tx.users.insert(user);
    if (!(await tx.invitations.accept(invitation.id, user.id, at))) throw new AppError('not-found', 'this invitation is not valid (it may have been used or withdrawn)');
    if (await tx.memberships.find(invitation.orgId, user.id)) throw new AppError('conflict', 'you are already a member of this organisation');
    if (account && passwordHash && input.name?.trim()) await tx.users.update({ ...account, name: input.name.trim(), updatedAt: at });
    await proveMailbox(tx, { email: invitation.email, userId: user.id, keepSessionId: input.signedIn?.sessionId, passwordHash, now: at, newId: deps.ids.id() });
    await tx.memberships.insert({ orgId: invitation.orgId, userId: user.id, role: invitation.role, createdAt: at });
    const principal = { kind: 'session' as const, orgId: invitation.orgId, userId: user.id, role: invitation.role, permissions: permissionsOf(invitation.role) };
    await tx.audit.record(auditEntry(deps.ids.id(), now, { principal, ip: input.ip }, 'member.add', { type: 'user', id: user.id }, { role: invitation.role, invitation: invitation.id }));
    return (await tx.users.findById(user.id))!;
  });
  // A fresh session in the organisation joined (the one used to accept, if any, ends).
  if (input.signedIn) await deps.store.sessions.remove(input.signedIn.sessionId);
  return { user, role: invitation.role, ...(await startSession(deps, user.id, { ...input, orgId: invitation.orgId, mfa: input.signedIn?.mfa })) };
}
