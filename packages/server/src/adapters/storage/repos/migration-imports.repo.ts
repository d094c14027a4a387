import type { Kysely, Selectable } from 'kysely';
import type { ImportedAwardRepo, ImportItem, ImportItemResult, MigrationImport, MigrationImportRepo } from '../../../domain/migration-import/ports.js';
import type { Database, MigrationImportsTable } from '../schema.js';
import { fromJson, toJson } from './json.js';
import { withKeys, type Keyring, type PersonalDataKeys } from '../personal-data.js';
import { orgOfRow, sealContext } from '../sealed-columns.js';

/** The former provider's awards (names, addresses) and their results: sealed whole from the start (migration 0037). */
const ITEMS = sealContext('migration_imports', 'items');
const RESULTS = sealContext('migration_imports', 'results');

const toImport = (k: Keyring) => (r: Selectable<MigrationImportsTable>): MigrationImport => ({
  id: r.id, orgId: r.org_id, issuerId: r.issuer_id, source: r.source as MigrationImport['source'], notify: Number(r.notify) === 1,
  status: r.status as MigrationImport['status'], items: fromJson<ImportItem[]>(k.open(r.items, ITEMS), []), total: r.total, imported: r.imported,
  skipped: r.skipped, failed: r.failed, results: fromJson<ImportItemResult[]>(k.open(r.results, RESULTS), []), createdBy: r.created_by,
  createdAt: r.created_at, updatedAt: r.updated_at,
});

export function migrationImportRepo(db: Kysely<Database>, keys: PersonalDataKeys): MigrationImportRepo {
  const read = <T>(fn: (k: Keyring) => T) => withKeys(keys, db, fn);
  return {
    async insert(m) {
      const k = await keys.keyring(db);
      await db
        .insertInto('migration_imports')
        .values({
          id: m.id, org_id: m.orgId, issuer_id: m.issuerId, source: m.source, notify: m.notify ? 1 : 0, status: m.status, items: k.seal(toJson(m.items), ITEMS, m.orgId),
          total: m.total, imported: m.imported, skipped: m.skipped, failed: m.failed, results: k.seal(toJson(m.results), RESULTS, m.orgId), created_by: m.createdBy,
          created_at: m.createdAt, updated_at: m.updatedAt,
        })
        .execute();
    },
    async findById(orgId, id) {
      const r = await db.selectFrom('migration_imports').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
      return r && read((k) => toImport(k)(r));
    },
    async findForJob(id) {
      const r = await db.selectFrom('migration_imports').selectAll().where('id', '=', id).executeTakeFirst();
      return r && read((k) => toImport(k)(r));
    },
    async list(orgId, limit) {
      const rows = await db.selectFrom('migration_imports').selectAll().where('org_id', '=', orgId).orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
      return read((k) => rows.map(toImport(k)));
    },
    async saveProgress(m) {
      const results = (await keys.keyring(db)).seal(toJson(m.results), RESULTS, await orgOfRow(db, 'migration_imports', m.id));
      await db
        .updateTable('migration_imports')
        .set({ status: m.status, imported: m.imported, skipped: m.skipped, failed: m.failed, results, updated_at: m.updatedAt })
        .where('id', '=', m.id)
        .execute();
    },
    async clearItems(id) {
      await db.updateTable('migration_imports').set({ items: (await keys.keyring(db)).seal('[]', ITEMS, await orgOfRow(db, 'migration_imports', id)) }).where('id', '=', id).execute();
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
