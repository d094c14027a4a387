import type { Deps } from '../deps.js';
import { startSession, type SignInResult } from '../sessions/sign-in.js';
import { AppError } from '../shared/errors.js';
import { sha256Hex } from '../shared/hash.js';
import type { JobHandler } from '../shared/job-handler.js';
import { payloadString } from '../shared/job-handler.js';
import { FieldChecks, isEmail } from '../shared/validation.js';
import type { EmailTokenPurpose, UserAddress } from './ports.js';

export const EMAIL_LINK_JOB = 'email.link';
const TTL_MINUTES: Record<EmailTokenPurpose, number> = { 'verify-address': 24 * 60, 'sign-in': 30 };

/** Ask to attach another e-mail address: a verification link is sent to it. */
export async function requestAddressVerification(deps: Pick<Deps, 'store'>, input: { userId: string; email: string }): Promise<void> {
  const email = input.email.trim().toLowerCase();
  new FieldChecks().check(isEmail(email), '/email', 'must be an email address').throwIfAny();
  const mine = await deps.store.addresses.listForUser(input.userId);
  if (mine.some((a) => a.type === 'email' && a.value === email && a.verifiedAt)) throw new AppError('conflict', 'this address is already verified for your account');
  await deps.store.jobs.enqueue({ name: EMAIL_LINK_JOB, payload: { purpose: 'verify-address', email, userId: input.userId } });
}

/** Ask for a sign-in link. Answers the same whether or not an account exists (no account discovery). */
export async function requestSignInLink(deps: Pick<Deps, 'store'>, input: { email: string }): Promise<void> {
  const email = input.email.trim().toLowerCase();
  const user = isEmail(email) ? await deps.store.users.findByEmail(email) : undefined;
  if (user) await deps.store.jobs.enqueue({ name: EMAIL_LINK_JOB, payload: { purpose: 'sign-in', email, userId: user.id } });
}

/** Job: make a fresh single-use token (only its hash is stored) and e-mail the link. */
export function emailLinkJob(deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'urls' | 'mailer' | 'emailRenderer'>): JobHandler {
  return {
    name: EMAIL_LINK_JOB,
    version: 1,
    async handle(payload) {
      const purpose = payloadString(payload, 'purpose') as EmailTokenPurpose;
      if (!(purpose in TTL_MINUTES)) throw new Error(`unknown link purpose ${purpose}`);
      const email = payloadString(payload, 'email');
      const userId = payloadString(payload, 'userId');
      const token = deps.ids.token(32);
      const now = deps.clock.now();
      await deps.store.emailTokens.insert({ id: sha256Hex(token), purpose, email, userId, createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + TTL_MINUTES[purpose] * 60_000).toISOString(), usedAt: null });
      const user = await deps.store.users.findById(userId);
      const link = purpose === 'sign-in' ? deps.urls.signInLink(token) : deps.urls.verifyAddress(token);
      await deps.mailer.send({ to: email, ...deps.emailRenderer.link({ locale: user?.locale ?? 'en', purpose, link, expiresInMinutes: TTL_MINUTES[purpose] }) });
      return { sent: true };
    },
  };
}

/** Use a verification link: the address joins the signed-in person's verified addresses. */
export async function confirmAddress(deps: Pick<Deps, 'store' | 'clock' | 'ids'>, input: { userId: string; token: string }): Promise<UserAddress> {
  const now = deps.clock.now().toISOString();
  const token = await deps.store.emailTokens.consume(sha256Hex(input.token), 'verify-address', now);
  if (!token) throw new AppError('invalid-state', 'this verification link is not valid any more; ask for a new one');
  if (token.userId !== input.userId) throw new AppError('forbidden', 'this link was sent for another account');
  const holder = await deps.store.addresses.claim({ id: deps.ids.id(), userId: input.userId, type: 'email', value: token.email, verifiedAt: now, createdAt: now });
  if (holder.userId !== input.userId) throw new AppError('conflict', 'this e-mail address belongs to another account');
  return holder;
}

/** Use a sign-in link: a session, as a password sign-in would give. */
export async function signInWithLink(
  deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'sessionTtlSeconds'>,
  input: { token: string; ip?: string | undefined; userAgent?: string | undefined },
): Promise<SignInResult> {
  const token = await deps.store.emailTokens.consume(sha256Hex(input.token), 'sign-in', deps.clock.now().toISOString());
  if (!token?.userId) throw new AppError('unauthenticated', 'this sign-in link is not valid any more; ask for a new one');
  return startSession(deps, token.userId, input);
}
