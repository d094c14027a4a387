import type { Kysely, Selectable } from 'kysely';
import type { BulkImport, BulkImportRepo, BulkRow, BulkRowResult } from '../../../domain/bulk/ports.js';
import type { BulkImportsTable, Database } from '../schema.js';
import { fromJson, toJson } from './json.js';
import { withKeys, type Keyring, type PersonalDataKeys } from '../personal-data.js';
import { orgOfRow, sealContext } from '../sealed-columns.js';
import { BULK_RESULT_EMAIL, BULK_RESULT_ERROR } from './bulk-awards.repo.js';

/** The uploaded rows (names, addresses) and their results are sealed whole. */
export const BULK_ROWS = sealContext('bulk_imports', 'rows');
export const BULK_RESULTS = sealContext('bulk_imports', 'results');

const toImport = (k: Keyring) => (r: Selectable<BulkImportsTable>): BulkImport => ({
  id: r.id, orgId: r.org_id, achievementId: r.achievement_id, status: r.status as BulkImport['status'], rows: fromJson<BulkRow[]>(k.open(r.rows, BULK_ROWS), []),
  total: r.total, processed: r.processed, failed: r.failed, results: fromJson<BulkRowResult[]>(k.open(r.results, BULK_RESULTS), []), createdBy: r.created_by,
  createdAt: r.created_at, updatedAt: r.updated_at,
});

/** The per-row results of these imports in their own table (migration 0040), opened, by import. */
async function tableResults(db: Kysely<Database>, k: Keyring, ids: readonly string[]): Promise<Map<string, BulkRowResult[]>> {
  const byImport = new Map<string, BulkRowResult[]>();
  if (ids.length === 0) return byImport;
  const rows = await db.selectFrom('bulk_import_results').select(['import_id', 'row', 'status', 'credential_id', 'email', 'error']).where('import_id', 'in', ids).execute();
  for (const r of rows) {
    const list = byImport.get(r.import_id) ?? [];
    list.push({
      row: r.row, email: k.open(r.email, BULK_RESULT_EMAIL), status: r.status as BulkRowResult['status'],
      ...(r.credential_id ? { credentialId: r.credential_id } : {}), ...(r.error !== null ? { error: k.open(r.error, BULK_RESULT_ERROR) } : {}),
    });
    byImport.set(r.import_id, list);
  }
  return byImport;
}

/** The imports with their results: those sealed in the import's row (invalid rows, imports before 0040) and those in the table. */
async function withResults(db: Kysely<Database>, keys: PersonalDataKeys, rows: Selectable<BulkImportsTable>[]): Promise<BulkImport[]> {
  const k = await keys.keyring(db);
  const more = await tableResults(db, k, rows.map((r) => r.id));
  return rows.map((r) => {
    const b = toImport(k)(r);
    const extra = more.get(r.id);
    return extra ? { ...b, results: [...b.results, ...extra] } : b;
  });
}

export function bulkImportRepo(db: Kysely<Database>, keys: PersonalDataKeys): BulkImportRepo {
  return {
    async insert(b) {
      const k = await keys.keyring(db);
      await db
        .insertInto('bulk_imports')
        .values({
          id: b.id, org_id: b.orgId, achievement_id: b.achievementId, status: b.status, rows: k.seal(toJson(b.rows), BULK_ROWS, b.orgId), total: b.total, processed: b.processed,
          failed: b.failed, results: k.seal(toJson(b.results), BULK_RESULTS, b.orgId), created_by: b.createdBy, created_at: b.createdAt, updated_at: b.updatedAt,
        })
        .execute();
    },
    async findById(orgId, id) {
      const r = await db.selectFrom('bulk_imports').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
      return r && (await withResults(db, keys, [r]))[0];
    },
    async findForJob(id) {
      const r = await db.selectFrom('bulk_imports').selectAll().where('id', '=', id).executeTakeFirst();
      return r && (await withResults(db, keys, [r]))[0];
    },
    async findRowsForJob(id) {
      const r = await db.selectFrom('bulk_imports').selectAll().where('id', '=', id).executeTakeFirst();
      if (!r) return undefined;
      const { results: _results, ...rest } = toImport(await keys.keyring(db))({ ...r, results: '[]' });
      return rest;
    },
    async list(orgId, limit) {
      const rows = await db.selectFrom('bulk_imports').selectAll().where('org_id', '=', orgId).orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
      return withResults(db, keys, rows);
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
