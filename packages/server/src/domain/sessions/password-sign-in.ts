import type { Deps } from '../deps.js';
import { isAppError } from '../shared/errors.js';
import { signIn, type SignInInput, type SignInResult } from './sign-in.js';
import { assertNotLocked, passwordKeys } from './sign-in-throttle.js';

/**
 * Sign in with e-mail and password, throttled (see `SIGN_IN_RULES`): a locked account or client is
 * refused before the password is checked; a wrong password (or an unknown address, counted alike)
 * counts a failure; a success forgets the account's failures.
 */
export async function signInWithPassword(
  deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'passwords' | 'sessionTtlSeconds' | 'signInThrottle'>,
  input: SignInInput,
): Promise<SignInResult> {
  const { entries, clearedOnSuccess } = passwordKeys(input.email, input.ip);
  await assertNotLocked(deps.signInThrottle, entries.map((e) => e.key), deps.clock.now().getTime());
  let result: SignInResult;
  try {
    result = await signIn(deps, input);
  } catch (error) {
    if (isAppError(error) && error.code === 'unauthenticated') await deps.signInThrottle.recordFailure(entries, deps.clock.now().getTime());
    throw error;
  }
  await deps.signInThrottle.clear(clearedOnSuccess);
  return result;
}
