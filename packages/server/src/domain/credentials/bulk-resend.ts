import type { Deps } from '../deps.js';
import { requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { AppError } from '../shared/errors.js';
import { sha256Hex, stableJson } from '../shared/hash.js';
import { historyActorOf, historyEvent } from '../credential-history/history-event.js';
import { BULK_ACTION_LIMIT, selectCredentials, type BulkSelection } from './bulk-selection.js';
import type { Credential } from './ports.js';

export type BulkResendOutcome = 'queued' | 'not-email' | 'revoked' | 'not-found';

export interface BulkResendResult {
  results: { id: string; outcome: BulkResendOutcome }[];
  queued: number;
  skipped: number;
  notFound: number;
}

const OPERATION = 'credentials.bulk-resend';

/** Held while a concurrent request with the same key committed first: roll back, answer as it did. */
class KeyTaken extends Error {}

function outcomeOf(c: Credential): BulkResendOutcome {
  if (c.recipient.type !== 'email') return 'not-email';
  if (c.status === 'revoked') return 'revoked';
  return 'queued';
}

/**
 * Send the award e-mail again (a new claim link) to every selected credential that has an e-mail recipient
 * and is not revoked: one job, audit entry and history event each, in one transaction. Resending is not
 * idempotent by nature (each call mails again), so an `Idempotency-Key` makes a retry return the first
 * answer without mailing anyone twice.
 */
export async function bulkResend(
  deps: Pick<Deps, 'store' | 'clock' | 'ids'>,
  input: { actor: Actor; selection: BulkSelection; idempotencyKey?: string | undefined },
): Promise<BulkResendResult & { replayed: boolean }> {
  const { principal } = input.actor;
  requirePermission(principal, 'credentials:issue');
  const requestHash = sha256Hex(stableJson({ ids: input.selection.ids, filter: input.selection.filter }));
  const replay = async () => {
    if (!input.idempotencyKey) return undefined;
    const record = await deps.store.bulkOperations.find(principal.orgId, OPERATION, input.idempotencyKey);
    if (!record) return undefined;
    if (record.requestHash !== requestHash) throw new AppError('idempotency-key-reused', 'this Idempotency-Key was already used with a different selection');
    return { ...(record.result as BulkResendResult), replayed: true };
  };
  const earlier = await replay();
  if (earlier) return earlier;

  const selected = await selectCredentials(deps, principal.orgId, input.selection, BULK_ACTION_LIMIT);
  const results: BulkResendResult['results'] = [
    ...selected.notFound.map((id) => ({ id, outcome: 'not-found' as const })),
    ...selected.credentials.map((c) => ({ id: c.id, outcome: outcomeOf(c) })),
  ];
  const result: BulkResendResult = {
    results,
    queued: results.filter((r) => r.outcome === 'queued').length,
    skipped: results.filter((r) => r.outcome === 'not-email' || r.outcome === 'revoked').length,
    notFound: selected.notFound.length,
  };
  const now = deps.clock.now();
  try {
    await deps.store.transaction(async (tx) => {
      if (input.idempotencyKey) {
        const record = { id: deps.ids.id(), orgId: principal.orgId, operation: OPERATION, key: input.idempotencyKey, requestHash, result, createdAt: now.toISOString() };
        if (!(await tx.bulkOperations.insert(record))) throw new KeyTaken();
      }
      for (const c of selected.credentials) {
        if (outcomeOf(c) !== 'queued') continue;
        await tx.jobs.enqueue({ name: 'credential.issued', orgId: principal.orgId, payload: { credentialId: c.id } });
        await tx.audit.record(auditEntry(deps.ids.id(), now, input.actor, 'credential.notify', { type: 'credential', id: c.id }, { bulk: true }));
        await tx.credentialEvents.record(historyEvent(deps.ids, now, historyActorOf(input.actor), c, 'resent'));
      }
    });
  } catch (error) {
    if (!(error instanceof KeyTaken)) throw error;
    const first = await replay();
    if (first) return first;
    throw error;
  }
  return { ...result, replayed: false };
}
