import { isRole, permissionsOf } from '../auth/permissions.js';
import { issueCredential, type IssueDeps } from '../credentials/issue-credential.js';
import type { JobHandler } from '../shared/job-handler.js';
import { payloadString } from '../shared/job-handler.js';
import { isAppError } from '../shared/errors.js';
import type { Telemetry } from '../shared/telemetry.js';
import type { BulkImport, BulkRowResult } from './ports.js';
import { BULK_JOB } from './start-bulk-import.js';

/**
 * The `bulk.award` job. Each row is awarded with the Idempotency-Key `bulk:<import>:<row>`, so a
 * worker that dies mid-import and a later retry neither skip nor duplicate a row. Progress is saved
 * after every row for the live progress bar.
 */
type BulkRunDeps = IssueDeps & { telemetry?: Telemetry | undefined };

export async function runBulkImport(deps: BulkRunDeps, input: { importId: string; role: string; heartbeat?: () => Promise<void> }): Promise<{ processed: number; failed: number }> {
  const found = await deps.store.bulkImports.findForJob(input.importId);
  if (!found) return { processed: 0, failed: 0 };
  const state: BulkImport = { ...found, results: [...found.results], status: 'running' };
  const done = new Set(state.results.map((r) => r.row));
  const role = isRole(input.role) ? input.role : 'issuer';
  const actor = {
    principal: { kind: 'session' as const, orgId: state.orgId, userId: state.createdBy ?? undefined, role, permissions: permissionsOf(role) },
  };
  for (const row of state.rows) {
    if (done.has(row.row)) continue;
    let result: BulkRowResult;
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
      result = { row: row.row, email: row.email, status: 'issued', credentialId: credential.id };
      deps.telemetry?.credentialIssued('bulk', replayed ? 'replayed' : 'issued');
    } catch (error) {
      deps.telemetry?.credentialIssued('bulk', isAppError(error) ? 'refused' : 'error');
      if (!isAppError(error)) throw error; // infrastructure failure: the job retries from here
      result = { row: row.row, email: row.email, status: 'failed', error: error.message };
    }
    state.results.push(result);
    state.processed += 1;
    if (result.status === 'failed') state.failed += 1;
    state.updatedAt = deps.clock.now().toISOString();
    await deps.store.bulkImports.saveProgress(state);
    await input.heartbeat?.();
  }
  state.status = 'done';
  state.updatedAt = deps.clock.now().toISOString();
  await deps.store.bulkImports.saveProgress(state);
  return { processed: state.processed, failed: state.failed };
}

export function bulkImportJob(deps: BulkRunDeps): JobHandler {
  return {
    name: BULK_JOB,
    version: 1,
    handle: (payload, context) => runBulkImport(deps, { importId: payloadString(payload, 'importId'), role: payloadString(payload, 'role'), heartbeat: context.heartbeat }),
  };
}
