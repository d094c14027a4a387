import { isRole, permissionsOf } from '../auth/permissions.js';
import { JobInterrupted, type JobHandler } from '../shared/job-handler.js';
import { payloadString } from '../shared/job-handler.js';
import { awardChunk, type ChunkDeps, type ChunkOf } from './award-chunk.js';
import type { BulkImport, BulkRow } from './ports.js';
import { BULK_JOB } from './start-bulk-import.js';
import { pauseForLoop } from '../shared/pause-for-loop.js';

/**
 * Rows awarded per transaction: one key look-up, issuing context and endorsement read, one multi-row key claim,
 * multi-row inserts and one commit for the lot, and one message per signing worker (docs/performance.md). 150
 * rather than 50: the ~13 statements of a chunk spread over three times the awards (PostgreSQL's CPU per award
 * ~25 % less, measured); a chunk's documents in memory stay ~1.5 MB.
 */
export const BULK_CHUNK_ROWS = 150;
/**
 * Chunks under way at once in one job: while one is signed (the signing workers), another is written (the
 * database). Each holds a database connection only for its short transaction.
 */
export const BULK_CHUNKS_IN_FLIGHT = 3;
/** The job's lock is extended at most this often. */
export const BULK_HEARTBEAT_EVERY_MS = 1000;

/**
 * An import with more pending rows than this is split into parts of this many rows, each its own job
 * (`bulk.award.part`), so every instance's job runner takes a share.
 */
export const BULK_PART_ROWS = 1000;
export const BULK_PART_JOB = 'bulk.award.part';
/** The operation of the Idempotency-Key that makes the split happen once per import. */
const SPLIT_OPERATION = 'bulk.split';

type BulkRunDeps = ChunkDeps;

interface RunOptions {
  heartbeat?: (() => Promise<void>) | undefined;
  signal?: AbortSignal | undefined;
  chunkRows?: number | undefined;
  chunksInFlight?: number | undefined;
  /** Rows above which the import is split into part jobs (default BULK_PART_ROWS). */
  partRows?: number | undefined;
}

function chunkOf(b: Omit<BulkImport, 'results'>, role: string): ChunkOf {
  const r = isRole(role) ? role : 'issuer';
  return {
    importId: b.id,
    achievementId: b.achievementId,
    actor: { principal: { kind: 'session' as const, orgId: b.orgId, userId: b.createdBy ?? undefined, role: r, permissions: permissionsOf(r) } },
  };
}

/**
 * The `bulk.award` job. A small import is awarded here; a larger one is split into part jobs of
 * `BULK_PART_ROWS` rows (enqueued in one transaction, once: its key `bulk.split`) that any instance's runner
 * takes. Either way rows are awarded a chunk per transaction (`awardChunk`): each row's Idempotency-Key
 * `bulk:<import>:<row>` is claimed, its credential stored and its result recorded (its own table) in that
 * transaction, and the import's counts grow in it too (the commit that records the last row marks it done), so
 * the progress shown is exactly what is committed. A worker that dies mid-import loses nothing committed and
 * leaves nothing half-written; a retry skips the rows that have a result. When the process shuts down a job
 * stops taking chunks, lets those under way commit, and gives the job back (`JobInterrupted`).
 */
export async function runBulkImport(deps: BulkRunDeps, input: { importId: string; role: string } & RunOptions): Promise<{ processed: number; failed: number; parts?: number }> {
  // The counts first: a large import is split without opening its rows (~10 MB sealed at 100,000 rows).
  const head = await deps.store.bulkImports.findCountsForJob(input.importId);
  if (!head) return { processed: 0, failed: 0 };
  if (head.status === 'done') return { processed: head.processed, failed: head.failed };
  const partRows = Math.max(1, input.partRows ?? BULK_PART_ROWS);
  // Every recorded result (an invalid row's too) is counted in `processed` in its own transaction: the rest is pending.
  if (head.total - head.processed > partRows) return { processed: head.processed, failed: head.failed, parts: await split(deps, head, input.role, partRows) };
  const found = await deps.store.bulkImports.findForJob(input.importId);
  if (!found) return { processed: 0, failed: 0 };
  const done = new Set(found.results.map((r) => r.row));
  const pending = found.rows.filter((row) => !done.has(row.row));
  const counts = await awardRows(deps, chunkOf(found, input.role), pending, input);
  // Nothing was left to record (every row had a result already): the import is done all the same.
  if (pending.length === 0) await deps.store.bulkImports.setStatus(found.id, 'done', deps.clock.now().toISOString());
  return { processed: found.processed + counts.processed, failed: found.failed + counts.failed };
}

/** Rows are numbered from 2 (the header is row 1): `total` rows run to row `total + 1`. */
const FIRST_ROW = 2;

/**
 * Enqueue the part jobs, once per import: each names a range of row numbers (`fromRow`..`toRow`, the first and
 * last open-ended), not its rows, so the split opens nothing; a part awards the import's rows in its range that
 * have no result yet. `partRows` row numbers a part (fewer rows where some were invalid).
 */
async function split(deps: BulkRunDeps, b: Omit<BulkImport, 'rows' | 'results'>, role: string, partRows: number): Promise<number> {
  const at = deps.clock.now().toISOString();
  return deps.store.transaction(async (tx) => {
    const claim = await tx.idempotency.claim({ orgId: b.orgId, operation: SPLIT_OPERATION, key: b.id, requestHash: '', resourceId: b.id, createdAt: at });
    if (!claim.created) return 0;
    const parts = Math.max(1, Math.ceil(b.total / partRows));
    for (let k = 0; k < parts; k++) {
      const fromRow = k === 0 ? 0 : FIRST_ROW + k * partRows;
      const toRow = k === parts - 1 ? Number.MAX_SAFE_INTEGER : FIRST_ROW + (k + 1) * partRows - 1;
      await tx.jobs.enqueue({ name: BULK_PART_JOB, orgId: b.orgId, payload: { importId: b.id, role, fromRow, toRow }, maxAttempts: 10 });
    }
    return parts;
  });
}

/** Which rows a part awards: those named (parts enqueued before ranges), or those in its range of row numbers. */
export type PartRows = { rows: readonly number[] } | { fromRow: number; toRow: number };

/** The `bulk.award.part` job: its rows of the import, a chunk per transaction. */
export async function runBulkPart(deps: BulkRunDeps, input: { importId: string; role: string } & PartRows & RunOptions): Promise<{ processed: number; failed: number }> {
  const found = await deps.store.bulkImports.findRowsForJob(input.importId);
  if (!found || found.status === 'done') return { processed: 0, failed: 0 };
  let inPart: (row: number) => boolean;
  if ('rows' in input) {
    const wanted = new Set(input.rows);
    inPart = (row) => wanted.has(row);
  } else {
    const { fromRow, toRow } = input;
    inPart = (row) => row >= fromRow && row <= toRow;
  }
  return awardRows(deps, chunkOf(found, input.role), found.rows.filter((r) => inPart(r.row)), input);
}

/** Awards rows a chunk per transaction, `chunksInFlight` chunks at once; returns what it recorded. */
async function awardRows(deps: BulkRunDeps, of: ChunkOf, rows: readonly BulkRow[], input: RunOptions): Promise<{ processed: number; failed: number }> {
  const size = Math.max(1, input.chunkRows ?? BULK_CHUNK_ROWS);
  const chunks: BulkRow[][] = [];
  for (let i = 0; i < rows.length; i += size) chunks.push(rows.slice(i, i + size));
  const counts = { processed: 0, failed: 0 };
  let beatAt = Date.now();
  let next = 0;
  let broken: unknown;
  const lane = async (): Promise<void> => {
    while (broken === undefined && !input.signal?.aborted && next < chunks.length) {
      const chunk = chunks[next++]!;
      try {
        const results = await awardChunk(deps, of, chunk);
        counts.processed += results.length;
        counts.failed += results.filter((r) => r.status !== 'issued').length;
        // A chunk settles in microtasks when its statements and signatures are synchronous (SQLite, signing in
        // process): requests, timers and other job runners get the loop between chunks.
        await pauseForLoop();
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
  return counts;
}

/** A part's rows from its payload: `rows` (row numbers) or `fromRow`/`toRow` (a range); anything else is refused. */
function payloadPart(payload: Record<string, unknown>): PartRows {
  const { rows, fromRow, toRow } = payload;
  if (Array.isArray(rows) && rows.every((r) => Number.isInteger(r))) return { rows: rows as number[] };
  if (Number.isSafeInteger(fromRow) && Number.isSafeInteger(toRow) && (fromRow as number) <= (toRow as number)) return { fromRow: fromRow as number, toRow: toRow as number };
  throw new Error('job payload needs "rows" (row numbers) or "fromRow" and "toRow" (a range of them)');
}

/** `options`: chunk size, chunks in flight and part size (tests make them small to stop a job between chunks). */
export function bulkImportJob(deps: BulkRunDeps, options: Pick<RunOptions, 'chunkRows' | 'chunksInFlight' | 'partRows'> = {}): JobHandler {
  return {
    name: BULK_JOB,
    version: 1,
    handle: (payload, context) =>
      runBulkImport(deps, { importId: payloadString(payload, 'importId'), role: payloadString(payload, 'role'), heartbeat: context.heartbeat, signal: context.signal, ...options }),
  };
}

export function bulkPartJob(deps: BulkRunDeps, options: Pick<RunOptions, 'chunkRows' | 'chunksInFlight'> = {}): JobHandler {
  return {
    name: BULK_PART_JOB,
    version: 1,
    handle: (payload, context) =>
      runBulkPart(deps, { importId: payloadString(payload, 'importId'), role: payloadString(payload, 'role'), ...payloadPart(payload), heartbeat: context.heartbeat, signal: context.signal, ...options }),
  };
}
