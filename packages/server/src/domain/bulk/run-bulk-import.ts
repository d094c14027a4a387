import { isRole, permissionsOf } from '../auth/permissions.js';
import { issueCredential, type IssueDeps } from '../credentials/issue-credential.js';
import { JobInterrupted, type JobHandler } from '../shared/job-handler.js';
import { payloadString } from '../shared/job-handler.js';
import { isAppError } from '../shared/errors.js';
import type { Telemetry } from '../shared/telemetry.js';
import type { BulkImport, BulkRow, BulkRowResult } from './ports.js';
import { BULK_JOB } from './start-bulk-import.js';

/**
 * Rows awarded at once by one import. Each award is its own short transaction and mostly waits
 * (a signing worker, the database): with several in flight the signing workers and the database
 * stay busy instead of taking turns. Kept below the database pool (10) so requests still get a connection.
 */
export const BULK_ROWS_IN_FLIGHT = 8;
/** Progress (and the job's lock) is saved at most this often, and once at the end. */
export const BULK_PROGRESS_EVERY_MS = 1000;

/**
 * The `bulk.award` job. Each row is awarded with the Idempotency-Key `bulk:<import>:<row>`, in the
 * transaction that stores the credential, so a worker that dies mid-import and a later retry neither
 * skip nor duplicate a row: a row awarded before the crash but not yet in the saved progress is
 * answered from its key (replayed) and recorded then. Several rows are in flight at once; progress
 * for the live progress bar is saved about once a second (saving the results after every row made
 * an import quadratic in its size). When the process shuts down it stops taking rows, lets those in flight
 * finish, saves, and gives the job back (`JobInterrupted`): another worker carries on at once.
 */
type BulkRunDeps = IssueDeps & { telemetry?: Telemetry | undefined };

export async function runBulkImport(
  deps: BulkRunDeps,
  input: { importId: string; role: string; heartbeat?: () => Promise<void>; signal?: AbortSignal | undefined; rowsInFlight?: number; progressEveryMs?: number },
): Promise<{ processed: number; failed: number }> {
  const found = await deps.store.bulkImports.findForJob(input.importId);
  if (!found) return { processed: 0, failed: 0 };
  const state: BulkImport = { ...found, results: [...found.results], status: 'running' };
  const done = new Set(state.results.map((r) => r.row));
  const role = isRole(input.role) ? input.role : 'issuer';
  const actor = {
    principal: { kind: 'session' as const, orgId: state.orgId, userId: state.createdBy ?? undefined, role, permissions: permissionsOf(role) },
  };
  const award = async (row: BulkRow): Promise<BulkRowResult> => {
    try {
      const { credential, replayed } = await issueCredential(deps, {
        actor,
        idempotencyKey: `bulk:${state.id}:${row.row}`,
        data: {
          achievementId: state.achievementId,
          recipient: { email: row.email, ...(row.name ? { name: row.name } : {}) },
          ...(row.issuedOn ? { issuedOn: row.issuedOn } : {}),
          ...(row.narrative ? { narrative: row.narrative } : {}),
          ...(row.evidenceUrl ? { evidence: [{ url: row.evidenceUrl }] } : {}),
        },
      });
      deps.telemetry?.credentialIssued('bulk', replayed ? 'replayed' : 'issued');
      return { row: row.row, email: row.email, status: 'issued', credentialId: credential.id };
    } catch (error) {
      deps.telemetry?.credentialIssued('bulk', isAppError(error) ? 'refused' : 'error');
      if (!isAppError(error)) throw error; // infrastructure failure: the job retries from the saved progress
      return { row: row.row, email: row.email, status: 'failed', error: error.message };
    }
  };

  const every = input.progressEveryMs ?? BULK_PROGRESS_EVERY_MS;
  let savedAt = Date.now();
  let saving: Promise<void> | undefined;
  const save = async (): Promise<void> => {
    state.updatedAt = deps.clock.now().toISOString();
    await deps.store.bulkImports.saveProgress({ ...state, results: [...state.results] });
    await input.heartbeat?.();
  };
  /** Save now unless a save is under way or one was made less than `every` ms ago. */
  const maybeSave = async (): Promise<void> => {
    if (saving || Date.now() - savedAt < every) return;
    savedAt = Date.now();
    saving = save().finally(() => (saving = undefined));
    await saving;
  };

  const pending = state.rows.filter((row) => !done.has(row.row));
  let next = 0;
  let broken: unknown;
  const lane = async (): Promise<void> => {
    while (broken === undefined && !input.signal?.aborted && next < pending.length) {
      const row = pending[next++]!;
      let result: BulkRowResult;
      try {
        result = await award(row);
      } catch (error) {
        broken ??= error;
        return;
      }
      state.results.push(result);
      state.processed += 1;
      if (result.status === 'failed') state.failed += 1;
      await maybeSave();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, input.rowsInFlight ?? BULK_ROWS_IN_FLIGHT) }, lane));
  await saving;
  if (broken !== undefined) {
    // What was awarded is kept (a retry would replay it anyway, at more cost), then the job retries.
    await save();
    throw broken;
  }
  if (next < pending.length) {
    // Shutting down: what was awarded is saved, and the job goes back to the queue for another worker.
    await save();
    throw new JobInterrupted();
  }
  state.status = 'done';
  await save();
  return { processed: state.processed, failed: state.failed };
}

export function bulkImportJob(deps: BulkRunDeps): JobHandler {
  return {
    name: BULK_JOB,
    version: 1,
    handle: (payload, context) => runBulkImport(deps, { importId: payloadString(payload, 'importId'), role: payloadString(payload, 'role'), heartbeat: context.heartbeat, signal: context.signal }),
  };
}
