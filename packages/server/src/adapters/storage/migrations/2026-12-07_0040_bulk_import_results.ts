import type { Kysely } from 'kysely';

/**
 * Per-row results of a bulk award (issue 18), one row each, written in the transaction that stores the row's
 * credential (so a result exists exactly when its award does), instead of one sealed column rewritten whole. The
 * address and the error are sealed; `email_index` (blind index) lets an erasure find the rows naming an address.
 * `id` is `<import>:<row>`: a row's result can be written once only.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('bulk_import_results')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('import_id', 'text', (c) => c.notNull().references('bulk_imports.id').onDelete('cascade'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('row', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('credential_id', 'text')
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('email_index', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('bulk_import_results_import').on('bulk_import_results').columns(['import_id', 'row']).unique().execute();
  await db.schema.createIndex('bulk_import_results_email').on('bulk_import_results').columns(['org_id', 'email_index']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('bulk_import_results').execute();
}
