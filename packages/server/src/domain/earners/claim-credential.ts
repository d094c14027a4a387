import type { Deps } from '../deps.js';
import type { Credential } from '../credentials/ports.js';
import type { ClaimToken } from '../notifications/ports.js';
import { checkPassword } from '../organisations/password-policy.js';
import type { User } from '../organisations/ports.js';
import { startSession, type SignInResult } from '../sessions/sign-in.js';
import { AppError } from '../shared/errors.js';
import { sha256Hex } from '../shared/hash.js';
import type { Repositories } from '../shared/store.js';
import { FieldChecks } from '../shared/validation.js';
import { effectiveStatus } from '../credentials/effective-status.js';
import { enqueueWebhookEvent } from '../webhooks/events.js';
import { historyEvent } from '../credential-history/history-event.js';
import { EMAIL_LINK_JOB } from './email-links.js';
import { wholeHours } from '../analytics/metrics.js';
import { proveMailbox, signInAddressVerified } from './mailbox-proof.js';

type ClaimDeps = Pick<Deps, 'store' | 'clock' | 'ids' | 'urls'>;

/** A usable claim link and its credential, or the reason it cannot be used. */
async function loadClaim(deps: ClaimDeps, token: string, now: Date): Promise<{ claim: ClaimToken; credential: Credential }> {
  const claim = await deps.store.claims.find(sha256Hex(token));
  if (!claim) throw new AppError('not-found', 'this claim link is not valid');
  if (claim.usedAt) throw new AppError('invalid-state', 'this claim link was already used');
  if (Date.parse(claim.expiresAt) <= now.getTime()) throw new AppError('invalid-state', 'this claim link has expired; ask the issuer to send it again');
  const credential = await deps.store.credentials.findPublic(claim.credentialId);
  if (!credential) throw new AppError('not-found', 'the credential no longer exists');
  return { claim, credential };
}

/** Inside the caller's transaction: the claim is used once and the credential becomes the user's. */
async function claimInto(deps: ClaimDeps, tx: Repositories, claim: ClaimToken, credential: Credential, userId: string, now: Date): Promise<Credential> {
  if (credential.earnerUserId && credential.earnerUserId !== userId) throw new AppError('invalid-state', 'this credential was already claimed by another account');
  if (!(await tx.claims.use(claim.id, userId, now.toISOString()))) throw new AppError('invalid-state', 'this claim link was already used');
  const claimed: Credential = { ...credential, earnerUserId: userId, updatedAt: now.toISOString() };
  await tx.credentials.update(claimed);
  await tx.credentialEvents.record(historyEvent(deps.ids, now, { type: 'recipient', id: userId }, claimed, 'claimed', { hoursToClaim: wholeHours(credential.createdAt, now.toISOString()) }));
  await enqueueWebhookEvent(deps, tx, { type: 'credential.claimed', credential: claimed, status: effectiveStatus(claimed, now), occurredAt: now, eventId: deps.ids.id() });
  return claimed;
}

export interface ClaimResult {
  credential: Credential;
  /** `verified`: the recipient address is (now) one of the account's; `sent`: a link to verify it was e-mailed. */
  address: 'verified' | 'sent';
}

/**
 * Use a claim link while signed in: the credential joins the person's backpack. The address it was sent to
 * becomes theirs at once only if it is the address they sign in with (the link proves that mailbox);
 * another address is added only once its holder uses the verification link e-mailed to it now.
 * Single-use and expiring.
 */
export async function claimCredential(deps: ClaimDeps, input: { userId: string; token: string; sessionId?: string | undefined }): Promise<ClaimResult> {
  const now = deps.clock.now();
  const { claim, credential } = await loadClaim(deps, input.token, now);
  const user = await deps.store.users.findById(input.userId);
  if (!user) throw new AppError('unauthenticated', 'sign in first');
  const held = (await deps.store.addresses.listForUser(user.id)).some((a) => a.type === 'email' && a.value === claim.email && a.verifiedAt);
  return deps.store.transaction(async (tx) => {
    const claimed = await claimInto(deps, tx, claim, credential, user.id, now);
    if (held) return { credential: claimed, address: 'verified' };
    if (user.email === claim.email) {
      const holder = await proveMailbox(tx, { email: claim.email, userId: user.id, keepSessionId: input.sessionId, now: now.toISOString(), newId: deps.ids.id() });
      if (holder.userId !== user.id) throw new AppError('conflict', 'this e-mail address belongs to another account');
      return { credential: claimed, address: 'verified' };
    }
    await tx.jobs.enqueue({ name: EMAIL_LINK_JOB, payload: { purpose: 'verify-address', email: claim.email, userId: user.id } });
    return { credential: claimed, address: 'sent' };
  });
}

export interface ClaimWithAccountInput {
  token: string;
  password: string;
  name?: string | undefined;
  ip?: string | undefined;
  userAgent?: string | undefined;
}

/**
 * Use a claim link to make the account of the address it was mailed to (the link proves the mailbox), with
 * the password chosen now, and claim. An account whose address is verified is never reset this way: its
 * owner signs in to claim. One whose address was never verified loses its password and sessions.
 */
export async function claimWithNewAccount(
  deps: ClaimDeps & Pick<Deps, 'passwords' | 'sessionTtlSeconds'>,
  input: ClaimWithAccountInput,
): Promise<{ user: User; credential: Credential } & SignInResult> {
  const checks = new FieldChecks();
  checkPassword(checks, input.password);
  checks.throwIfAny();
  const now = deps.clock.now();
  const { claim, credential } = await loadClaim(deps, input.token, now);
  const passwordHash = await deps.passwords.hash(input.password);
  const at = now.toISOString();
  const result = await deps.store.transaction(async (tx) => {
    const existing = await tx.users.findByEmail(claim.email);
    if (existing && (await signInAddressVerified(tx, existing))) throw new AppError('conflict', 'an account with this e-mail exists; sign in to claim');
    const user: User = existing ?? { id: deps.ids.id(), email: claim.email, name: input.name?.trim() || null, passwordHash, locale: null, createdAt: at, updatedAt: at };
    if (!existing) await tx.users.insert(user);
    else if (input.name?.trim()) await tx.users.update({ ...existing, name: input.name.trim(), updatedAt: at });
    const claimed = await claimInto(deps, tx, claim, credential, user.id, now);
    const holder = await proveMailbox(tx, { email: claim.email, userId: user.id, passwordHash, now: at, newId: deps.ids.id() });
    if (holder.userId !== user.id) throw new AppError('conflict', 'this e-mail address belongs to another account');
    return { user: (await tx.users.findById(user.id))!, credential: claimed };
  });
  return { ...result, ...(await startSession(deps, result.user.id, input)) };
}

/** The unsubscribe link's one use (never the claim link's): no more award e-mails from that organisation to that address. */
export async function optOutByUnsubscribeToken(deps: Pick<Deps, 'store' | 'clock'>, input: { token: string }): Promise<void> {
  const token = await deps.store.unsubscribeTokens.find(sha256Hex(input.token));
  if (!token || Date.parse(token.expiresAt) <= deps.clock.now().getTime()) throw new AppError('not-found', 'this link is not valid');
  await deps.store.optOuts.add(token.orgId, token.email, deps.clock.now().toISOString());
}
