import type { Deps } from '../deps.js';
import { recordSignIn } from '../audit/record-sign-in.js';
import { isAppError } from '../shared/errors.js';
import { afterFirstFactor, type SignInOutcome } from './second-factor.js';
import { passwordOwner, type SignInInput } from './sign-in.js';
import { assertNotLocked, passwordKeys } from './sign-in-throttle.js';

/**
 * Run a password check under the sign-in throttle (see `SIGN_IN_RULES`): refused with 429 while the
 * account or client is locked, before the password is looked at; an `unauthenticated` failure counts
 * (unknown addresses alike); a success forgets the account's failures. Any use case that checks a
 * password someone typed (sign-in, and e.g. re-entering one to add an organisation) goes through here.
 */
export async function withPasswordThrottle<T>(
  deps: Pick<Deps, 'clock' | 'signInThrottle'>,
  who: { email: string; ip?: string | undefined },
  check: () => Promise<T>,
): Promise<T> {
  const { entries, clearedOnSuccess } = passwordKeys(who.email, who.ip);
  await assertNotLocked(deps.signInThrottle, entries.map((e) => e.key), deps.clock.now().getTime());
  let result: T;
  try {
    result = await check();
  } catch (error) {
    if (isAppError(error) && error.code === 'unauthenticated') await deps.signInThrottle.recordFailure(entries, deps.clock.now().getTime());
    throw error;
  }
  await deps.signInThrottle.clear(clearedOnSuccess);
  return result;
}

/** Sign in with e-mail and password, throttled per account and per client; a second factor follows when the account has one. */
export async function signInWithPassword(
  deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'passwords' | 'sessionTtlSeconds' | 'signInThrottle'>,
  input: SignInInput,
): Promise<SignInOutcome> {
  let userId: string;
  try {
    userId = await withPasswordThrottle(deps, input, () => passwordOwner(deps, input));
  } catch (error) {
    // A failure on an existing account shows in the log of each of its organisations (an unknown address in none).
    if (isAppError(error) && (error.code === 'unauthenticated' || error.code === 'rate-limited')) {
      const user = await deps.store.users.findByEmail(input.email.trim().toLowerCase());
      if (user) {
        const orgIds = (await deps.store.memberships.listForUser(user.id)).map((m) => m.orgId);
        await recordSignIn(deps, { orgIds, userId: user.id, method: 'password', outcome: 'failure', reason: error.code === 'rate-limited' ? 'locked' : 'wrong-password', ip: input.ip, userAgent: input.userAgent });
      }
    }
    throw error;
  }
  const outcome = await afterFirstFactor(deps, userId, input);
  const orgId = outcome.kind === 'session' ? outcome.session.orgId : null;
  const orgIds = orgId ? [orgId] : (await deps.store.memberships.listForUser(userId)).map((m) => m.orgId);
  await recordSignIn(deps, { orgIds, userId, method: 'password', outcome: outcome.kind === 'session' ? 'success' : 'second-factor-pending', ip: input.ip, userAgent: input.userAgent });
  return outcome;
}
