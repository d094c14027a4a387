import type { Kysely, Selectable } from 'kysely';
import type { BulkImport, BulkImportRepo, BulkRow, BulkRowResult } from '../../../domain/bulk/ports.js';
import type { BulkImportsTable, Database } from '../schema.js';
import { fromJson, toJson } from './json.js';
import { withKeys, type Keyring, type PersonalDataKeys } from '../personal-data.js';
import { orgOfRow, sealContext } from '../sealed-columns.js';

/** The uploaded rows (names, addresses) and their results are sealed whole. */
export const BULK_ROWS = sealContext('bulk_imports', 'rows');
export const BULK_RESULTS = sealContext('bulk_imports', 'results');

const toImport = (k: Keyring) => (r: Selectable<BulkImportsTable>): BulkImport => ({
  id: r.id, orgId: r.org_id, achievementId: r.achievement_id, status: r.status as BulkImport['status'], rows: fromJson<BulkRow[]>(k.open(r.rows, BULK_ROWS), []),
  total: r.total, processed: r.processed, failed: r.failed, results: fromJson<BulkRowResult[]>(k.open(r.results, BULK_RESULTS), []), createdBy: r.created_by,
  createdAt: r.created_at, updatedAt: r.updated_at,
});

export function bulkImportRepo(db: Kysely<Database>, keys: PersonalDataKeys): BulkImportRepo {
  const read = <T>(fn: (k: Keyring) => T) => withKeys(keys, db, fn);
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
      return r && read((k) => toImport(k)(r));
    },
    async findForJob(id) {
      const r = await db.selectFrom('bulk_imports').selectAll().where('id', '=', id).executeTakeFirst();
      return r && read((k) => toImport(k)(r));
    },
    async list(orgId, limit) {
      const rows = await db.selectFrom('bulk_imports').selectAll().where('org_id', '=', orgId).orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
      return read((k) => rows.map(toImport(k)));
    },
    async saveProgress(b) {
      const k = await keys.keyring(db);
      await db.updateTable('bulk_imports').set({ status: b.status, processed: b.processed, failed: b.failed, results: k.seal(toJson(b.results), BULK_RESULTS, await orgOfRow(db, 'bulk_imports', b.id)), updated_at: b.updatedAt }).where('id', '=', b.id).execute();
    },
  };
}
