import type { Deps } from '../deps.js';
import { afterFirstFactor, type SignInOutcome } from '../sessions/second-factor.js';
import { AppError } from '../shared/errors.js';
import { sha256Hex } from '../shared/hash.js';
import type { JobHandler } from '../shared/job-handler.js';
import { payloadString } from '../shared/job-handler.js';
import { FieldChecks, isEmail } from '../shared/validation.js';
import { proveMailbox } from './mailbox-proof.js';
import type { EmailTokenPurpose, UserAddress } from './ports.js';

export const EMAIL_LINK_JOB = 'email.link';
/** Lifetimes of e-mailed links: sign-in 30 minutes; address verification, registration and a new sign-in address 24 hours. */
export const TTL_MINUTES: Record<EmailTokenPurpose, number> = { 'verify-address': 24 * 60, 'sign-in': 30, register: 24 * 60, 'change-email': 24 * 60 };

/** The e-mail job's notice (no link to use) to an account's former address that it changed. */
export const EMAIL_CHANGED = 'email-changed';

/** Ask to attach another e-mail address: a verification link is sent to it. */
export async function requestAddressVerification(deps: Pick<Deps, 'store'>, input: { userId: string; email: string }): Promise<void> {
  const email = input.email.trim().toLowerCase();
  new FieldChecks().check(isEmail(email), '/email', 'must be an email address').throwIfAny();
  const mine = await deps.store.addresses.listForUser(input.userId);
  if (mine.some((a) => a.type === 'email' && a.value === email && a.verifiedAt)) throw new AppError('conflict', 'this address is already verified for your account');
  await deps.store.jobs.enqueue({ name: EMAIL_LINK_JOB, payload: { purpose: 'verify-address', email, userId: input.userId } });
}

/**
 * Ask for a sign-in link. Answers the same and does the same work whether or not an account exists (one
 * queued job, no lookup): the job finds the account, and sends nothing when there is none.
 */
export async function requestSignInLink(deps: Pick<Deps, 'store'>, input: { email: string }): Promise<void> {
  const email = input.email.trim().toLowerCase();
  if (!isEmail(email)) return;
  await deps.store.jobs.enqueue({ name: EMAIL_LINK_JOB, payload: { purpose: 'sign-in', email } });
}

const minutesFrom = (now: Date, minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();

/**
 * Job: make a fresh single-use token (only its hash is stored) and e-mail the link. Which link depends on
 * the account the address has *now*: a sign-in link goes only to an account; a registration link only to an
 * address without one (an address with an account is told so, with a sign-in link instead).
 */
export function emailLinkJob(deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'urls' | 'mailer' | 'emailRenderer'>): JobHandler {
  return {
    name: EMAIL_LINK_JOB,
    version: 1,
    async handle(payload) {
      if (payload.purpose === EMAIL_CHANGED) return sendEmailChangedNotice(deps, payload);
      const purpose = payloadString(payload, 'purpose') as EmailTokenPurpose;
      if (!(purpose in TTL_MINUTES)) throw new Error(`unknown link purpose ${purpose}`);
      const email = payloadString(payload, 'email');
      const givenUser = typeof payload.userId === 'string' ? payload.userId : undefined;
      const user = givenUser ? await deps.store.users.findById(givenUser) : purpose === 'verify-address' ? undefined : await deps.store.users.findByEmail(email);
      const locale = (typeof payload.locale === 'string' ? payload.locale : undefined) ?? user?.locale ?? 'en';
      if (purpose !== 'register' && !user) return { sent: false, reason: 'no such account' };
      const kind = purpose === 'register' && user ? 'sign-in' : purpose;
      const token = deps.ids.token(32);
      const now = deps.clock.now();
      await deps.store.emailTokens.insert({ id: sha256Hex(token), purpose: kind, email, userId: user?.id ?? null, createdAt: now.toISOString(), expiresAt: minutesFrom(now, TTL_MINUTES[kind]), usedAt: null });
      const link = { 'sign-in': deps.urls.signInLink, register: deps.urls.activateAccount, 'verify-address': deps.urls.verifyAddress, 'change-email': deps.urls.changeEmail }[kind](token);
      const mailPurpose = purpose === 'register' && user ? 'account-exists' : kind;
      await deps.mailer.send({ to: email, ...deps.emailRenderer.link({ locale, purpose: mailPurpose, link, expiresInMinutes: TTL_MINUTES[kind] }) });
      return { sent: true };
    },
  };
}

/** Tell the address an account signed in with that it now signs in with another (nothing to click: no token). */
async function sendEmailChangedNotice(deps: Pick<Deps, 'store' | 'urls' | 'mailer' | 'emailRenderer'>, payload: Record<string, unknown>) {
  const user = await deps.store.users.findById(payloadString(payload, 'userId'));
  const locale = user?.locale ?? 'en';
  await deps.mailer.send({ to: payloadString(payload, 'email'), ...deps.emailRenderer.link({ locale, purpose: EMAIL_CHANGED, link: deps.urls.accountPage(), expiresInMinutes: 0 }) });
  return { sent: true };
}

/** Use a verification link: the address joins the signed-in person's verified addresses (see `proveMailbox`). */
export async function confirmAddress(deps: Pick<Deps, 'store' | 'clock' | 'ids'>, input: { userId: string; token: string; sessionId?: string | undefined }): Promise<UserAddress> {
  const now = deps.clock.now().toISOString();
  return deps.store.transaction(async (tx) => {
    const token = await tx.emailTokens.consume(sha256Hex(input.token), 'verify-address', now);
    if (!token) throw new AppError('invalid-state', 'this verification link is not valid any more; ask for a new one');
    if (token.userId !== input.userId) throw new AppError('forbidden', 'this link was sent for another account');
    const holder = await proveMailbox(tx, { email: token.email, userId: input.userId, keepSessionId: input.sessionId, now, newId: deps.ids.id() });
    if (holder.userId !== input.userId) throw new AppError('conflict', 'this e-mail address belongs to another account');
    return holder;
  });
}

/**
 * Use a sign-in link: a first factor, as a password is (a second factor follows when the account has one).
 * The link proves the mailbox, so an account whose address was never verified loses what was set without it
 * (password, factors, other sessions).
 */
export async function signInWithLink(
  deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'sessionTtlSeconds'>,
  input: { token: string; ip?: string | undefined; userAgent?: string | undefined },
): Promise<SignInOutcome> {
  const now = deps.clock.now().toISOString();
  const userId = await deps.store.transaction(async (tx) => {
    const token = await tx.emailTokens.consume(sha256Hex(input.token), 'sign-in', now);
    const user = token?.userId ? await tx.users.findById(token.userId) : undefined;
    if (!token || !user) throw new AppError('unauthenticated', 'this sign-in link is not valid any more; ask for a new one');
    if (user.email === token.email) await proveMailbox(tx, { email: token.email, userId: user.id, now, newId: deps.ids.id() });
    return user.id;
  });
  return afterFirstFactor(deps, userId, input);
}
