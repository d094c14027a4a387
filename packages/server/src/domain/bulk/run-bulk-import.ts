import { isRole, permissionsOf } from '../auth/permissions.js';
import { JobInterrupted, type JobHandler } from '../shared/job-handler.js';
import { payloadString } from '../shared/job-handler.js';
import { awardChunk, type ChunkDeps, type ChunkOf } from './award-chunk.js';
import type { BulkRow } from './ports.js';
import { BULK_JOB } from './start-bulk-import.js';

/**
 * Rows awarded per transaction: one key look-up, issuing context and endorsement read, one multi-row key claim,
 * multi-row inserts and one commit for the lot, and one message per signing worker (docs/performance.md).
 */
export const BULK_CHUNK_ROWS = 50;
/**
 * Chunks under way at once in one job: while one is signed (the signing workers), another is written (the
 * database). Each holds a database connection only for its short transaction.
 */
export const BULK_CHUNKS_IN_FLIGHT = 3;
/** The job's lock is extended at most this often. */
export const BULK_HEARTBEAT_EVERY_MS = 1000;

type BulkRunDeps = ChunkDeps;

/**
 * The `bulk.award` job. Rows are awarded a chunk per transaction (`awardChunk`): each row's Idempotency-Key
 * `bulk:<import>:<row>` is claimed, its credential stored and its result recorded (its own table) in that
 * transaction, and the import's counts grow in it too, so the progress shown is exactly what is committed. A
 * worker that dies mid-import loses nothing committed and leaves nothing half-written; a retry skips the rows
 * that have a result. When the process shuts down the job stops taking chunks, lets those under way commit,
 * and gives the job back (`JobInterrupted`): another worker carries on at once.
 */
export async function runBulkImport(
  deps: BulkRunDeps,
  input: { importId: string; role: string; heartbeat?: () => Promise<void>; signal?: AbortSignal | undefined; chunkRows?: number; chunksInFlight?: number },
): Promise<{ processed: number; failed: number }> {
  const found = await deps.store.bulkImports.findForJob(input.importId);
  if (!found) return { processed: 0, failed: 0 };
  if (found.status === 'done') return { processed: found.processed, failed: found.failed };
  const done = new Set(found.results.map((r) => r.row));
  const role = isRole(input.role) ? input.role : 'issuer';
  const of: ChunkOf = {
    importId: found.id,
    achievementId: found.achievementId,
    actor: { principal: { kind: 'session' as const, orgId: found.orgId, userId: found.createdBy ?? undefined, role, permissions: permissionsOf(role) } },
  };
  const pending = found.rows.filter((row) => !done.has(row.row));
  const size = Math.max(1, input.chunkRows ?? BULK_CHUNK_ROWS);
  const chunks: BulkRow[][] = [];
  for (let i = 0; i < pending.length; i += size) chunks.push(pending.slice(i, i + size));

  let processed = found.processed;
  let failed = found.failed;
  let beatAt = Date.now();
  let next = 0;
  let broken: unknown;
  const lane = async (): Promise<void> => {
    while (broken === undefined && !input.signal?.aborted && next < chunks.length) {
      const chunk = chunks[next++]!;
      try {
        const results = await awardChunk(deps, of, chunk);
        processed += results.length;
        failed += results.filter((r) => r.status !== 'issued').length;
        if (Date.now() - beatAt >= BULK_HEARTBEAT_EVERY_MS) {
          beatAt = Date.now();
          await input.heartbeat?.();
        }
      } catch (error) {
        broken ??= error;
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, input.chunksInFlight ?? BULK_CHUNKS_IN_FLIGHT) }, lane));
  // What was committed stays (each chunk recorded its results); the job retries from there.
  if (broken !== undefined) throw broken;
  // Shutting down: the job goes back to the queue for another worker.
  if (next < chunks.length) throw new JobInterrupted();
  await deps.store.bulkImports.setStatus(found.id, 'done', deps.clock.now().toISOString());
  return { processed, failed };
}

/** `options`: the chunk size and chunks in flight (tests make them small to stop a job between chunks). */
export function bulkImportJob(deps: BulkRunDeps, options: { chunkRows?: number; chunksInFlight?: number } = {}): JobHandler {
  return {
    name: BULK_JOB,
    version: 1,
    handle: (payload, context) =>
      runBulkImport(deps, { importId: payloadString(payload, 'importId'), role: payloadString(payload, 'role'), heartbeat: context.heartbeat, signal: context.signal, ...options }),
  };
}
