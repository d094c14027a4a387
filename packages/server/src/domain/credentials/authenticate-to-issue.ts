import type { Deps } from '../deps.js';
import type { Principal } from '../auth/permissions.js';
import { apiKeyHash, principalOfApiKey } from '../api-keys/authenticate-api-key.js';
import type { IssuingContext } from './ports.js';

/** An issuing context read with the key that authenticated the request: for that organisation and achievement only. */
export interface PrefetchedIssuingContext {
  orgId: string;
  achievementId: string;
  context: IssuingContext;
}

/**
 * An API key presented to issue `achievementId`, judged exactly as `authenticateApiKey` judges it (revoked, expired,
 * its creator's role), read together with the issuing context of that achievement in the key's own organisation: one
 * read instead of two. Throws `unauthenticated` for a key that is not valid, before anything of the context is used;
 * the context of another organisation's achievement is never read (the read is scoped by the key's organisation).
 */
export async function authenticateApiKeyToIssue(
  deps: Pick<Deps, 'store' | 'clock'>,
  secret: string,
  achievementId: string,
): Promise<{ principal: Principal; prefetched: PrefetchedIssuingContext }> {
  const { key, context } = await deps.store.credentials.keyAndIssuingContext(apiKeyHash(secret), achievementId);
  const principal = await principalOfApiKey(deps, key);
  return { principal, prefetched: { orgId: principal.orgId, achievementId, context } };
}

/** The prefetched context when it is the one this issue needs (same organisation, same achievement), else nothing. */
export function prefetchedFor(prefetched: PrefetchedIssuingContext | undefined, orgId: string, achievementId: string): IssuingContext | undefined {
  return prefetched && prefetched.orgId === orgId && prefetched.achievementId === achievementId ? prefetched.context : undefined;
}
