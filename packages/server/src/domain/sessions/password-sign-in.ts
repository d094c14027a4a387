import type { Deps } from '../deps.js';
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
  const userId = await withPasswordThrottle(deps, input, () => passwordOwner(deps, input));
  return afterFirstFactor(deps, userId, input);
}
