import type { Kysely, Selectable } from 'kysely';
import type { ImportedAwardRepo, ImportItem, ImportItemResult, MigrationImport, MigrationImportRepo } from '../../../domain/migration-import/ports.js';
import type { Database, MigrationImportsTable } from '../schema.js';
import { fromJson, toJson } from './json.js';

const toImport = (r: Selectable<MigrationImportsTable>): MigrationImport => ({
  id: r.id, orgId: r.org_id, issuerId: r.issuer_id, source: r.source as MigrationImport['source'], notify: Number(r.notify) === 1,
  status: r.status as MigrationImport['status'], items: fromJson<ImportItem[]>(r.items, []), total: r.total, imported: r.imported,
  skipped: r.skipped, failed: r.failed, results: fromJson<ImportItemResult[]>(r.results, []), createdBy: r.created_by,
  createdAt: r.created_at, updatedAt: r.updated_at,
});

export function migrationImportRepo(db: Kysely<Database>): MigrationImportRepo {
  return {
    async insert(m) {
      await db
        .insertInto('migration_imports')
        .values({
          id: m.id, org_id: m.orgId, issuer_id: m.issuerId, source: m.source, notify: m.notify ? 1 : 0, status: m.status, items: toJson(m.items),
          total: m.total, imported: m.imported, skipped: m.skipped, failed: m.failed, results: toJson(m.results), created_by: m.createdBy,
          created_at: m.createdAt, updated_at: m.updatedAt,
        })
        .execute();
    },
    async findById(orgId, id) {
      const r = await db.selectFrom('migration_imports').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
      return r && toImport(r);
    },
    async findForJob(id) {
      const r = await db.selectFrom('migration_imports').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toImport(r);
    },
    async list(orgId, limit) {
      const rows = await db.selectFrom('migration_imports').selectAll().where('org_id', '=', orgId).orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
      return rows.map(toImport);
    },
    async saveProgress(m) {
      await db
        .updateTable('migration_imports')
        .set({ status: m.status, imported: m.imported, skipped: m.skipped, failed: m.failed, results: toJson(m.results), updated_at: m.updatedAt })
        .where('id', '=', m.id)
        .execute();
    },
    async clearItems(id) {
      await db.updateTable('migration_imports').set({ items: '[]' }).where('id', '=', id).execute();
    },
  };
}

export function importedAwardRepo(db: Kysely<Database>): ImportedAwardRepo {
  return {
    async findByOriginalId(orgId, originalId) {
      const r = await db.selectFrom('imported_awards').selectAll().where('org_id', '=', orgId).where('original_id', '=', originalId).executeTakeFirst();
      return r && { id: r.id, orgId: r.org_id, originalId: r.original_id, credentialId: r.credential_id, importId: r.import_id, createdAt: r.created_at };
    },
    async insertIfNew(a) {
      const result = await db
        .insertInto('imported_awards')
        .values({ id: a.id, org_id: a.orgId, original_id: a.originalId, credential_id: a.credentialId, import_id: a.importId, created_at: a.createdAt })
        .onConflict((oc) => oc.columns(['org_id', 'original_id']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },
  };
}
