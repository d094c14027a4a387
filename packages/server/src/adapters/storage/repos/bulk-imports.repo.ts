import { PostgresAdapter, sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { BulkImport, BulkImportProgress, BulkImportRepo, BulkRow, BulkRowResult, ResultsPage } from '../../../domain/bulk/ports.js';
import { pauseForLoop } from '../../../domain/shared/pause-for-loop.js';
import type { BulkImportResultsTable, BulkImportsTable, Database } from '../schema.js';
import { fromJson, toJson } from './json.js';
import { SEALED_PREFIX, type Keyring, type PersonalDataKeys } from '../personal-data.js';
import { orgOfRow, sealContext } from '../sealed-columns.js';
import { BULK_RESULT_EMAIL, BULK_RESULT_ERROR, insertResultRows, resultRow } from './bulk-awards.repo.js';
import { bulkRowsCache, type BulkRowsCache } from './bulk-rows-cache.js';

/** The uploaded rows (names, addresses) and their results are sealed whole. */
export const BULK_ROWS = sealContext('bulk_imports', 'rows');
export const BULK_RESULTS = sealContext('bulk_imports', 'results');

/**
 * Which sealing of an import's rows a process has opened: the start of the sealed `results` (the format, the key
 * id and the seal's random IV: `pd1.<key>.<iv…>`). Whatever rewrites the rows (an erasure; a key rotation) seals
 * `results` again in the same update, with a fresh IV. Not the start of the rows themselves: SQLite reads a whole
 * value to take its start (~10 MB, some 30 ms, for each part of a 100,000-row import), and `results` is small
 * (the results are in their own table).
 */
const FINGERPRINT_CHARS = 96;

/** Every column but the sealed rows (a 100,000-row import's are some 10 MB: read only by the jobs). */
const PROGRESS_COLUMNS = ['id', 'org_id', 'achievement_id', 'status', 'total', 'processed', 'failed', 'results', 'created_by', 'created_at', 'updated_at'] as const;
type ProgressRow = Omit<Selectable<BulkImportsTable>, 'rows'>;

const toProgress = (k: Keyring, r: ProgressRow): BulkImportProgress => ({
  id: r.id, orgId: r.org_id, achievementId: r.achievement_id, status: r.status as BulkImport['status'],
  total: r.total, processed: r.processed, failed: r.failed, results: fromJson<BulkRowResult[]>(k.open(r.results, BULK_RESULTS), []), createdBy: r.created_by,
  createdAt: r.created_at, updatedAt: r.updated_at,
});
const openRows = (k: Keyring, sealed: string): BulkRow[] => fromJson<BulkRow[]>(k.open(sealed, BULK_ROWS), []);

/** The per-row results of one import in their own table (migration 0040), opened, by row (a page of them when asked). */
async function tableResults(db: Kysely<Database>, k: Keyring, id: string, page: ResultsPage | undefined): Promise<BulkRowResult[]> {
  let q = db.selectFrom('bulk_import_results').select(['row', 'status', 'credential_id', 'email', 'error']).where('import_id', '=', id).orderBy('row');
  if (page) q = q.where('row', '>', page.afterRow).limit(page.limit);
  return (await q.execute()).map((r) => ({
    row: r.row, email: k.open(r.email, BULK_RESULT_EMAIL), status: r.status as BulkRowResult['status'],
    ...(r.credential_id ? { credentialId: r.credential_id } : {}), ...(r.error !== null ? { error: k.open(r.error, BULK_RESULT_ERROR) } : {}),
  }));
}

/** An import with its results by row: those sealed in the import's row (invalid rows, imports before 0040) and those in the table. */
async function withResults(db: Kysely<Database>, k: Keyring, r: ProgressRow, page: ResultsPage | undefined): Promise<BulkImportProgress> {
  const b = toProgress(k, r);
  const inRow = page ? b.results.filter((x) => x.row > page.afterRow) : b.results;
  const merged = [...inRow, ...(await tableResults(db, k, r.id, page))].sort((x, y) => x.row - y.row);
  return { ...b, results: page ? merged.slice(0, page.limit) : merged };
}

/** Rows turned to JSON, and results sealed, between two pauses of the event loop when an import is stored. */
const ROWS_PER_PIECE = 2000;

/** `JSON.stringify(rows)`, the same text, a piece of `ROWS_PER_PIECE` rows at a time (made as the sealing asks for it). */
export function* jsonPieces(rows: readonly unknown[], perPiece = ROWS_PER_PIECE): Generator<string> {
  if (rows.length === 0) {
    yield '[]';
    return;
  }
  for (let i = 0; i < rows.length; i += perPiece) yield (i === 0 ? '[' : ',') + JSON.stringify(rows.slice(i, i + perPiece)).slice(1, -1);
  yield ']';
}

/** What `prepare` hands `insert`: the import's columns, its rows sealed, its invalid rows' results sealed. */
interface Prepared {
  b: Omit<BulkImport, 'rows' | 'results'>;
  rows: string;
  results: Array<Insertable<BulkImportResultsTable>>;
}

export function bulkImportRepo(db: Kysely<Database>, keys: PersonalDataKeys, cache: BulkRowsCache = bulkRowsCache): BulkImportRepo {
  return {
    async prepare(b) {
      const k = await keys.keyring(db);
      const { rows: _rows, results: _results, ...columns } = b;
      const rows = await k.sealInPieces(jsonPieces(b.rows), BULK_ROWS, b.orgId, pauseForLoop);
      const results: Prepared['results'] = [];
      for (let i = 0; i < b.results.length; i += ROWS_PER_PIECE) {
        for (const r of b.results.slice(i, i + ROWS_PER_PIECE)) results.push(resultRow(k, b.id, b.orgId, b.createdAt, r));
        await pauseForLoop();
      }
      const prepared: Prepared = { b: columns, rows, results };
      return { id: b.id, stored: prepared };
    },
    async insert(p) {
      const { b, rows, results } = p.stored as Prepared;
      const k = await keys.keyring(db);
      await db
        .insertInto('bulk_imports')
        .values({
          id: b.id, org_id: b.orgId, achievement_id: b.achievementId, status: b.status, rows, total: b.total, processed: b.processed,
          // The results are in their own table (the invalid rows' from the start): a progress read opens a page of them.
          failed: b.failed, results: k.seal(toJson([]), BULK_RESULTS, b.orgId), created_by: b.createdBy, created_at: b.createdAt, updated_at: b.updatedAt,
        })
        .execute();
      await insertResultRows(db, db.getExecutor().adapter instanceof PostgresAdapter, results, pauseForLoop);
    },
    async findById(orgId, id, page) {
      const r = await db.selectFrom('bulk_imports').select(PROGRESS_COLUMNS).where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
      return r && withResults(db, await keys.keyring(db), r, page);
    },
    async findForJob(id) {
      const r = await db.selectFrom('bulk_imports').selectAll().where('id', '=', id).executeTakeFirst();
      if (!r) return undefined;
      const k = await keys.keyring(db);
      return { ...(await withResults(db, k, r, undefined)), rows: openRows(k, r.rows) };
    },
    async findCountsForJob(id) {
      const r = await db.selectFrom('bulk_imports').select(PROGRESS_COLUMNS.filter((c) => c !== 'results')).where('id', '=', id).executeTakeFirst();
      if (!r) return undefined;
      const { results: _results, ...rest } = toProgress(await keys.keyring(db), { ...r, results: '[]' });
      return rest;
    },
    async findRowsForJob(id) {
      // The sealed rows are read and opened once per process and import (bulkRowsCache): the import's other parts
      // read only the fingerprint of their sealing (`FINGERPRINT_CHARS` of the sealed results, see above).
      const head = sql<string>`substr(results, 1, ${FINGERPRINT_CHARS})`.as('head');
      const r = await db.selectFrom('bulk_imports').select([...PROGRESS_COLUMNS.filter((c) => c !== 'results'), head]).where('id', '=', id).executeTakeFirst();
      if (!r) return undefined;
      const k = await keys.keyring(db);
      // Kept only when the start holds the IV (16 characters after `pd1.<key>.`).
      const holdsIv = (fingerprint: string) => {
        const ivAt = fingerprint.startsWith(SEALED_PREFIX) ? fingerprint.indexOf('.', SEALED_PREFIX.length) + 1 : 0;
        return ivAt > 0 && fingerprint.length - ivAt >= 16;
      };
      let rows = holdsIv(r.head) ? cache.get(id, r.head) : undefined;
      if (!rows) {
        // The rows and the fingerprint of the same sealing, read together.
        const full = await db.selectFrom('bulk_imports').select(['rows', head]).where('id', '=', id).executeTakeFirst();
        if (!full) return undefined;
        rows = openRows(k, full.rows);
        if (holdsIv(full.head)) cache.set(id, full.head, rows);
      }
      const { head: _head, ...columns } = r;
      const { results: _results, ...rest } = toProgress(k, { ...columns, results: '[]' });
      return { ...rest, rows };
    },
    async list(orgId, limit, page) {
      const rows = await db.selectFrom('bulk_imports').select(PROGRESS_COLUMNS).where('org_id', '=', orgId).orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
      const k = await keys.keyring(db);
      return Promise.all(rows.map((r) => withResults(db, k, r, page)));
    },
    async saveProgress(b) {
      const k = await keys.keyring(db);
      await db.updateTable('bulk_imports').set({ status: b.status, processed: b.processed, failed: b.failed, results: k.seal(toJson(b.results), BULK_RESULTS, await orgOfRow(db, 'bulk_imports', b.id)), updated_at: b.updatedAt }).where('id', '=', b.id).execute();
    },
    async setStatus(id, status, at) {
      await db.updateTable('bulk_imports').set({ status, updated_at: at }).where('id', '=', id).execute();
    },
  };
}
