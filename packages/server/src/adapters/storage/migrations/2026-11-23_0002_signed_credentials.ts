import type { Kysely } from 'kysely';

/** Signed documents of each credential, and the guard that a status index is never reused. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('credential_documents')
    .addColumn('credential_id', 'text', (c) => c.notNull().references('credentials.id').onDelete('cascade'))
    .addColumn('format', 'text', (c) => c.notNull()) // ob3 | vc-jwt | ob2-jws
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('credential_documents_pk', ['credential_id', 'format'])
    .execute();
  await db.schema.createIndex('credentials_issuer_status_index').on('credentials').columns(['issuer_id', 'status_index']).unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('credentials_issuer_status_index').execute();
  await db.schema.dropTable('credential_documents').execute();
}
