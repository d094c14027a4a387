import type { Kysely } from 'kysely';

/**
 * Migration import (issue 14, part 4):
 * - `migration_imports`: one import of an organisation's history (Badgr export, OB 2.0 assertions, CSV),
 *   its items (JSON), its progress and per-item results — the durable job's state;
 * - `imported_awards`: which original award (its id at the former provider) became which credential;
 *   unique per organisation and original id, so the same award is never imported twice.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('migration_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('issuer_id', 'text', (c) => c.notNull().references('issuers.id').onDelete('cascade'))
    .addColumn('source', 'text', (c) => c.notNull()) // badgr | ob2 | csv
    .addColumn('notify', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull()) // queued | running | done
    .addColumn('items', 'text', (c) => c.notNull()) // JSON array of parsed items
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('imported', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('skipped', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('results', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('migration_imports_org').on('migration_imports').columns(['org_id', 'created_at']).execute();

  await db.schema
    .createTable('imported_awards')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('original_id', 'text', (c) => c.notNull())
    .addColumn('credential_id', 'text', (c) => c.notNull().references('credentials.id').onDelete('cascade'))
    .addColumn('import_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('imported_awards_org_original', ['org_id', 'original_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('imported_awards').ifExists().execute();
  await db.schema.dropTable('migration_imports').ifExists().execute();
}
