import { sql, type Insertable, type Kysely } from 'kysely';
import { BulkRowRecorded, type BulkAwardRepo, type BulkIssued, type BulkRowResult } from '../../../domain/bulk/ports.js';
import type { JobRequest } from '../../../domain/shared/jobs.js';
import { StatusIndexTaken } from '../../../domain/credentials/ports.js';
import type { BulkImportResultsTable, Database } from '../schema.js';
import type { Keyring } from '../personal-data.js';
import { sealContext } from '../sealed-columns.js';
import { auditRow } from './audit.repo.js';
import { credentialEventRow } from './credential-events.repo.js';
import { documentRow, isStatusIndexConflict, issueRollup, toRow, type CredentialRepoOptions } from './credentials.repo.js';
import { jobRow } from './jobs.repo.js';
import { rollupWrites, upsertMonthly, upsertRollup, upsertTotals, writeRollups } from './analytics.repo.js';
import { unnestInsert } from './unnest-insert.js';

export const BULK_RESULT_EMAIL = sealContext('bulk_import_results', 'email');
export const BULK_RESULT_ERROR = sealContext('bulk_import_results', 'error');

/** Rows per multi-row statement (PostgreSQL takes 65,535 parameters; a credential row has ~31). */
const ROWS_PER_STATEMENT = 500;
const slices = <T>(list: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

/** The unique `(import_id, row)` index refused a result: the row was recorded by another worker. */
function isResultConflict(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string; message?: string };
  if (e.code === '23505') return e.constraint === 'bulk_import_results_import' || e.constraint === 'bulk_import_results_pkey';
  return (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') && /bulk_import_results\./.test(e.message ?? '');
}

async function translating(write: Promise<unknown>): Promise<void> {
  try {
    await write;
  } catch (error) {
    if (isStatusIndexConflict(error)) throw new StatusIndexTaken();
    if (isResultConflict(error)) throw new BulkRowRecorded();
    throw error;
  }
}

/** A result row, its address and error sealed, the address's blind index beside it. */
export const resultRow = (k: Keyring, importId: string, orgId: string, at: string, r: BulkRowResult): Insertable<BulkImportResultsTable> => ({
  id: `${importId}:${r.row}`,
  import_id: importId,
  org_id: orgId,
  row: r.row,
  status: r.status,
  credential_id: r.credentialId ?? null,
  email: k.seal(r.email, BULK_RESULT_EMAIL, orgId),
  email_index: k.index('email', r.email),
  error: r.error === undefined ? null : k.seal(r.error, BULK_RESULT_ERROR, orgId),
  created_at: at,
});

/** The columns of the tables a chunk writes that are not text (unnestInsert). */
const CREDENTIAL_TYPES = { status_index: 'int4', credits_earned: 'float8' } as const;
const JOB_TYPES = { version: 'int4', max_attempts: 'int4', attempts: 'int4' } as const;
const RESULT_TYPES = { row: 'int4' } as const;

/**
 * Result rows (sealed already): PostgreSQL one statement of arrays, SQLite a multi-row statement per
 * `ROWS_PER_STATEMENT`, with `pause()` between them when given (an import's invalid rows, many at once).
 */
export async function insertResultRows(db: Kysely<Database>, postgres: boolean, rows: ReadonlyArray<Insertable<BulkImportResultsTable>>, pause?: () => Promise<void>): Promise<void> {
  if (rows.length === 0) return;
  if (postgres) {
    await unnestInsert('bulk_import_results', rows, RESULT_TYPES).execute(db);
    return;
  }
  for (const part of slices(rows, ROWS_PER_STATEMENT)) {
    await db.insertInto('bulk_import_results').values(part).execute();
    await pause?.();
  }
}

/**
 * PostgreSQL: every issued credential of the chunk and its companions in one statement of data-modifying CTEs
 * (one round trip, the issuer's status-list row locked only for this statement and the commit), each table's
 * rows as one array per column (`unnestInsert`): the statement's text is the same whatever the chunk's size.
 */
async function insertInOneStatement(db: Kysely<Database>, o: CredentialRepoOptions, k: Keyring, issued: readonly BulkIssued[], statusListId: string, jobs: readonly JobRequest[]): Promise<void> {
  const at = o.now().toISOString();
  const rollups = rollupWrites(issued.flatMap(issueRollup));
  await sql`with credential as (${unnestInsert('credentials', issued.map((i) => toRow(k, i.credential)), CREDENTIAL_TYPES)}),
    documents as (${unnestInsert('credential_documents', issued.flatMap((i) => i.documents.map(documentRow)))}),
    audit as (${unnestInsert('audit_log', issued.map((i) => auditRow(i.audit)))}),
    job as (${unnestInsert('jobs', jobs.map((j) => jobRow(j, o.newId(), at)), JOB_TYPES)}),
    event as (${unnestInsert('credential_events', issued.map((i) => credentialEventRow(i.event)))}),
    rollup as (${upsertRollup(db, rollups.daily)}),
    monthly as (${upsertMonthly(db, rollups.monthly)}),
    totals as (${upsertTotals(db, rollups.totals)})
    update status_lists set allocated = allocated + ${issued.length} where id = ${statusListId}`.execute(db);
}

/** SQLite: the same rows, a multi-row statement per table, in the caller's transaction. */
async function insertInSteps(db: Kysely<Database>, o: CredentialRepoOptions, k: Keyring, issued: readonly BulkIssued[], statusListId: string, jobs: readonly JobRequest[]): Promise<void> {
  const at = o.now().toISOString();
  for (const part of slices(issued, ROWS_PER_STATEMENT / 5)) {
    await db.insertInto('credentials').values(part.map((i) => toRow(k, i.credential))).execute();
    await db.insertInto('credential_documents').values(part.flatMap((i) => i.documents.map(documentRow))).execute();
    await db.insertInto('audit_log').values(part.map((i) => auditRow(i.audit))).execute();
    await db.insertInto('credential_events').values(part.map((i) => credentialEventRow(i.event))).execute();
  }
  if (jobs.length > 0) await db.insertInto('jobs').values(jobs.map((j) => jobRow(j, o.newId(), at))).execute();
  await writeRollups(db, rollupWrites(issued.flatMap(issueRollup)));
  await db.updateTable('status_lists').set((eb) => ({ allocated: eb('allocated', '+', issued.length) })).where('id', '=', statusListId).execute();
}

/**
 * PostgreSQL's look-ups of a chunk's keys, rows and status indexes go one element of an array at a time through the
 * whole unique index (`cross join lateral … limit 1`), not as `col in (…)`: while a bulk import fills a table faster
 * than autovacuum analyses it, the planner believes the organisation (or import, or issuer) has a handful of rows,
 * matches the index on that prefix alone and filters the rest — every chunk read every earlier row of the import
 * (100,000 rows: PostgreSQL's CPU per award grew from 0.4 to 3.9 ms). The lateral form cannot be planned that way.
 */
export function bulkAwardRepo(db: Kysely<Database>, o: CredentialRepoOptions): BulkAwardRepo {
  const keys = () => o.personalData.keyring(db);
  return {
    async claimedKeys(orgId, operation, list) {
      const found = new Map<string, { resourceId: string; requestHash: string }>();
      for (const part of slices(list, ROWS_PER_STATEMENT)) {
        if (part.length === 0) continue;
        const rows =
          o.engine === 'postgres'
            ? (await sql<{ key: string; resource_id: string; request_hash: string }>`select i.key, i.resource_id, i.request_hash from unnest(${part}::text[]) as k(key)
                cross join lateral (${sql`select key, resource_id, request_hash from idempotency_keys where org_id = ${orgId} and operation = ${operation} and key = k.key limit 1`}) i`.execute(db)).rows
            : await db.selectFrom('idempotency_keys').select(['key', 'resource_id', 'request_hash']).where('org_id', '=', orgId).where('operation', '=', operation).where('key', 'in', part).execute();
        for (const r of rows) found.set(r.key, { resourceId: r.resource_id, requestHash: r.request_hash });
      }
      return found;
    },
    async recordedRows(importId, rows) {
      const found = new Set<number>();
      for (const part of slices(rows, ROWS_PER_STATEMENT)) {
        if (part.length === 0) continue;
        const hits =
          o.engine === 'postgres'
            ? (await sql<{ row: number }>`select r.row from unnest(${part}::int4[]) as w(row)
                cross join lateral (${sql`select "row" from bulk_import_results where import_id = ${importId} and "row" = w.row limit 1`}) r`.execute(db)).rows
            : await db.selectFrom('bulk_import_results').select('row').where('import_id', '=', importId).where('row', 'in', part).execute();
        for (const h of hits) found.add(h.row);
      }
      return found;
    },
    async takenIndexes(issuerId, indexes) {
      const taken = new Set<number>();
      for (const part of slices(indexes, ROWS_PER_STATEMENT)) {
        if (part.length === 0) continue;
        const hits =
          o.engine === 'postgres'
            ? (await sql<{ status_index: number | null }>`select c.status_index from unnest(${part}::int4[]) as w(i)
                cross join lateral (${sql`select status_index from credentials where issuer_id = ${issuerId} and status_index = w.i limit 1`}) c`.execute(db)).rows
            : await db.selectFrom('credentials').select('status_index').where('issuer_id', '=', issuerId).where('status_index', 'in', part).execute();
        for (const h of hits) if (h.status_index !== null) taken.add(h.status_index);
      }
      return taken;
    },
    async claimKeys(records) {
      if (records.length === 0) return 0;
      const rows = records.map((r) => ({ org_id: r.orgId, operation: r.operation, key: r.key, request_hash: r.requestHash, resource_id: r.resourceId, created_at: r.createdAt }));
      if (o.engine === 'postgres') {
        const result = await sql`${unnestInsert('idempotency_keys', rows)} on conflict (org_id, operation, key) do nothing`.execute(db);
        return Number(result.numAffectedRows ?? 0n);
      }
      let claimed = 0;
      for (const part of slices(rows, ROWS_PER_STATEMENT)) {
        const result = await db.insertInto('idempotency_keys').values(part).onConflict((oc) => oc.columns(['org_id', 'operation', 'key']).doNothing()).executeTakeFirst();
        claimed += Number(result.numInsertedOrUpdatedRows ?? 0n);
      }
      return claimed;
    },
    async insertIssuedMany(issued, statusListId, jobs) {
      if (issued.length === 0) return;
      if (issued.some((i) => i.documents.length === 0)) throw new Error('an issued credential has signed documents');
      const k = await keys();
      const write = o.engine === 'postgres' ? insertInOneStatement(db, o, k, issued, statusListId, jobs) : insertInSteps(db, o, k, issued, statusListId, jobs);
      await translating(write);
    },
    async recordResults({ importId, orgId, results, at }) {
      if (results.length === 0) return;
      const k = await keys();
      await translating(insertResultRows(db, o.engine === 'postgres', results.map((r) => resultRow(k, importId, orgId, at, r))));
      const failed = results.filter((r) => r.status !== 'issued').length;
      await db
        .updateTable('bulk_imports')
        // The commit that records the last row marks the import done (whichever worker's chunk it is).
        .set((eb) => ({
          processed: eb('processed', '+', results.length),
          failed: eb('failed', '+', failed),
          status: sql<string>`case when processed + ${results.length} >= total then 'done' else 'running' end`,
          updated_at: at,
        }))
        .where('id', '=', importId)
        .execute();
    },
  };
}
