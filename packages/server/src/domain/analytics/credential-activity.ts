import type { Deps } from '../deps.js';
import type { CredentialTotals } from './ports.js';

const NONE: CredentialTotals = { views: 0, visitors: 0, verifications: 0 };

/**
 * How often each of the earner's credentials was looked at and verified by others, since it was issued.
 * The caller passes only credentials it listed for this earner (their backpack): nothing else is read.
 */
export async function credentialActivity(deps: Pick<Deps, 'store'>, credentialIds: readonly string[]): Promise<(id: string) => CredentialTotals> {
  const totals = await deps.store.analytics.credentialTotals(credentialIds);
  return (id) => totals.get(id) ?? NONE;
}
