import type { Deps } from '../deps.js';
import { assertRecentFactor } from '../mfa/step-up.js';
import type { Session } from '../sessions/ports.js';
import { AppError } from '../shared/errors.js';
import { sha256Hex } from '../shared/hash.js';
import { FieldChecks, isEmail } from '../shared/validation.js';
import { EMAIL_CHANGED, EMAIL_LINK_JOB } from './email-links.js';

/**
 * Ask to sign in with another address (a factor proven recently): a link is mailed to the new address
 * (24 hours, single use); nothing changes until it is used. Whether the address is taken is told only then,
 * to the person holding its mailbox.
 */
export async function requestEmailChange(deps: Pick<Deps, 'store' | 'clock' | 'stepUpSeconds'>, input: { session: Session; email: string }): Promise<void> {
  assertRecentFactor(deps, input.session.factorAt);
  const email = input.email.trim().toLowerCase();
  new FieldChecks().check(isEmail(email), '/email', 'must be an email address').throwIfAny();
  const user = await deps.store.users.findById(input.session.userId);
  if (!user) throw new AppError('unauthenticated', 'sign in first');
  if (user.email === email) throw new AppError('validation', 'this is your sign-in address already', { fields: [{ path: '/email', message: 'is your sign-in address already' }] });
  await deps.store.jobs.enqueue({ name: EMAIL_LINK_JOB, payload: { purpose: 'change-email', email, userId: user.id } });
}

/**
 * Use the link mailed to the new address, signed in as the account that asked: the account signs in with
 * it from now on (it becomes a verified address too), and the former address is told. The link works once,
 * and only for the account it was sent for (another account's attempt leaves it usable).
 */
export async function confirmEmailChange(deps: Pick<Deps, 'store' | 'clock' | 'ids'>, input: { userId: string; token: string }): Promise<{ email: string }> {
  const now = deps.clock.now().toISOString();
  return deps.store.transaction(async (tx) => {
    const token = await tx.emailTokens.consume(sha256Hex(input.token), 'change-email', now);
    if (!token) throw new AppError('invalid-state', 'this link is not valid any more; ask for a new one');
    if (token.userId !== input.userId) throw new AppError('forbidden', 'this link was sent for another account');
    const user = await tx.users.findById(input.userId);
    if (!user) throw new AppError('unauthenticated', 'sign in first');
    const other = await tx.users.findByEmail(token.email);
    if (other && other.id !== user.id) throw new AppError('conflict', 'another account signs in with this address');
    const holder = await tx.addresses.claim({ id: deps.ids.id(), userId: user.id, type: 'email', value: token.email, verifiedAt: now, createdAt: now });
    if (holder.userId !== user.id) throw new AppError('conflict', 'this e-mail address belongs to another account');
    await tx.users.update({ ...user, email: token.email, updatedAt: now });
    await tx.jobs.enqueue({ name: EMAIL_LINK_JOB, payload: { purpose: EMAIL_CHANGED, email: user.email, userId: user.id } });
    return { email: token.email };
  });
}
