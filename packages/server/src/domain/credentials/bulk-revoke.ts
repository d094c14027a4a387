import type { Deps } from '../deps.js';
import { requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { AppError, isAppError } from '../shared/errors.js';
import { BULK_ACTION_LIMIT, selectCredentials, type BulkSelection } from './bulk-selection.js';
import { revokeCredential } from './revoke-credential.js';

export type BulkRevokeOutcome = 'revoked' | 'already-revoked' | 'not-found';

export interface BulkRevokeResult {
  results: { id: string; outcome: BulkRevokeOutcome }[];
  revoked: number;
  alreadyRevoked: number;
  notFound: number;
}

/**
 * Revoke every selected credential with one reason, each in its own transaction (as one revoke does).
 * Naturally idempotent: a credential already revoked is left as it is and reported `already-revoked`, so a
 * retried request changes nothing twice. Ids that are not the organisation's are reported `not-found`.
 */
export async function bulkRevoke(deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'urls'>, input: { actor: Actor; selection: BulkSelection; reason: string }): Promise<BulkRevokeResult> {
  const { principal } = input.actor;
  requirePermission(principal, 'credentials:revoke');
  const reason = input.reason.trim();
  if (!reason) throw new AppError('validation', 'a revocation reason is required', { fields: [{ path: '/reason', message: 'must not be blank' }] });
  const selected = await selectCredentials(deps, principal.orgId, input.selection, BULK_ACTION_LIMIT);
  const results: BulkRevokeResult['results'] = selected.notFound.map((id) => ({ id, outcome: 'not-found' }));
  for (const credential of selected.credentials) {
    if (credential.status === 'revoked') {
      results.push({ id: credential.id, outcome: 'already-revoked' });
      continue;
    }
    try {
      await revokeCredential(deps, { actor: input.actor, id: credential.id, reason });
      results.push({ id: credential.id, outcome: 'revoked' });
    } catch (error) {
      // Revoked by a concurrent request between the read and this revoke.
      if (!isAppError(error) || error.code !== 'invalid-state') throw error;
      results.push({ id: credential.id, outcome: 'already-revoked' });
    }
  }
  const count = (o: BulkRevokeOutcome) => results.filter((r) => r.outcome === o).length;
  return { results, revoked: count('revoked'), alreadyRevoked: count('already-revoked'), notFound: count('not-found') };
}
