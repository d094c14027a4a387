import type { Deps } from '../deps.js';
import { requestSignInLink } from '../earners/email-links.js';
import { assertNotLocked, linkRequestKeys } from './sign-in-throttle.js';

/**
 * Ask for an e-mailed sign-in link, throttled per address (every request counts, for unknown
 * addresses too): nobody can flood a person's mailbox, and the answer never says whether the
 * account exists. The per-client limit is the HTTP route's.
 */
export async function requestSignInLinkThrottled(deps: Pick<Deps, 'store' | 'clock' | 'signInThrottle'>, input: { email: string }): Promise<void> {
  const entries = linkRequestKeys(input.email);
  const now = deps.clock.now().getTime();
  await assertNotLocked(deps.signInThrottle, entries.map((e) => e.key), now);
  await deps.signInThrottle.recordFailure(entries, now);
  await requestSignInLink(deps, input);
}
