import type { Kysely, Selectable } from 'kysely';
import type { BulkImport, BulkImportRepo, BulkRow, BulkRowResult } from '../../../domain/bulk/ports.js';
import type { BulkImportsTable, Database } from '../schema.js';
import { fromJson, toJson } from './json.js';

const toImport = (r: Selectable<BulkImportsTable>): BulkImport => ({
  id: r.id, orgId: r.org_id, achievementId: r.achievement_id, status: r.status as BulkImport['status'], rows: fromJson<BulkRow[]>(r.rows, []),
  total: r.total, processed: r.processed, failed: r.failed, results: fromJson<BulkRowResult[]>(r.results, []), createdBy: r.created_by,
  createdAt: r.created_at, updatedAt: r.updated_at,
});

export function bulkImportRepo(db: Kysely<Database>): BulkImportRepo {
  return {
    async insert(b) {
      await db
        .insertInto('bulk_imports')
        .values({
          id: b.id, org_id: b.orgId, achievement_id: b.achievementId, status: b.status, rows: toJson(b.rows), total: b.total, processed: b.processed,
          failed: b.failed, results: toJson(b.results), created_by: b.createdBy, created_at: b.createdAt, updated_at: b.updatedAt,
        })
        .execute();
    },
    async findById(orgId, id) {
      const r = await db.selectFrom('bulk_imports').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
      return r && toImport(r);
    },
    async findForJob(id) {
      const r = await db.selectFrom('bulk_imports').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toImport(r);
    },
    async list(orgId, limit) {
      const rows = await db.selectFrom('bulk_imports').selectAll().where('org_id', '=', orgId).orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
      return rows.map(toImport);
    },
    async saveProgress(b) {
      await db.updateTable('bulk_imports').set({ status: b.status, processed: b.processed, failed: b.failed, results: toJson(b.results), updated_at: b.updatedAt }).where('id', '=', b.id).execute();
    },
  };
}
