import type { Deps } from '../deps.js';
import { checkPassword } from '../organisations/password-policy.js';
import type { User } from '../organisations/ports.js';
import { startSession, type SignInResult } from '../sessions/sign-in.js';
import { AppError } from '../shared/errors.js';
import { sha256Hex } from '../shared/hash.js';
import { FieldChecks, isEmail } from '../shared/validation.js';
import { EMAIL_LINK_JOB } from './email-links.js';
import { proveMailbox, signInAddressVerified } from './mailbox-proof.js';
import { factorsOf, hasSecondFactor } from '../mfa/factors.js';

const LOCALES = new Set(['en', 'fr']);

/**
 * Register: nothing is created and nothing is said about the address here. The answer and the work are
 * the same for every address (one queued job); the job mails a link to finish registering, or, when the
 * address already has an account, says so and offers a sign-in link. The password is chosen only by whoever
 * opens that link, so registering someone else's address gives the registrant nothing.
 */
export async function requestAccount(deps: Pick<Deps, 'store'>, input: { email: string; locale?: string | undefined }): Promise<void> {
  const email = input.email.trim().toLowerCase();
  new FieldChecks().check(isEmail(email), '/email', 'must be an email address').throwIfAny();
  const locale = input.locale && LOCALES.has(input.locale) ? input.locale : 'en';
  await deps.store.jobs.enqueue({ name: EMAIL_LINK_JOB, payload: { purpose: 'register', email, locale } });
}

export interface ActivateAccountInput {
  token: string;
  password: string;
  name?: string | undefined;
  ip?: string | undefined;
  userAgent?: string | undefined;
}

/**
 * Use the registration link: the account is created with the password chosen now, its address verified,
 * and a session starts. Should the address have gained an account meanwhile, the link proves the mailbox
 * for that account instead (its password is set only if the address was never verified).
 */
export async function activateAccount(deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'passwords' | 'sessionTtlSeconds'>, input: ActivateAccountInput): Promise<{ user: User } & SignInResult> {
  const checks = new FieldChecks();
  checkPassword(checks, input.password);
  checks.throwIfAny();
  const passwordHash = await deps.passwords.hash(input.password);
  const now = deps.clock.now().toISOString();
  const user = await deps.store.transaction(async (tx) => {
    const token = await tx.emailTokens.consume(sha256Hex(input.token), 'register', now);
    if (!token) throw new AppError('unauthenticated', 'this registration link is not valid any more; register again');
    const existing = await tx.users.findByEmail(token.email);
    const user: User = existing ?? { id: deps.ids.id(), email: token.email, name: input.name?.trim() || null, passwordHash, locale: null, createdAt: now, updatedAt: now };
    if (!existing) await tx.users.insert(user);
    else if (input.name?.trim() && !(await signInAddressVerified(tx, existing))) await tx.users.update({ ...existing, name: input.name.trim(), updatedAt: now });
    await proveMailbox(tx, { email: token.email, userId: user.id, passwordHash, now, newId: deps.ids.id() });
    // The link is one factor: an account that has a second one (verified meanwhile) signs in the usual way.
    if (existing && hasSecondFactor(await factorsOf(tx, user.id))) throw new AppError('conflict', 'this address has an account with a second factor: sign in instead');
    return (await tx.users.findById(user.id))!;
  });
  return { user, ...(await startSession(deps, user.id, input)) };
}
