import type { Kysely } from 'kysely';

/**
 * Evidence files uploaded for awards (issue 15): the file's name and bytes (base64) are personal data, sealed at
 * rest; its media type (from its first bytes), size and SHA-384 digest beside them. A file is uploaded first, then
 * named by one award (`credential_id`, set in the transaction that stores the credential).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('evidence_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('credential_id', 'text', (c) => c.references('credentials.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('digest_sri', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('evidence_files_org').on('evidence_files').column('org_id').execute();
  await db.schema.createIndex('evidence_files_credential').on('evidence_files').column('credential_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('evidence_files').execute();
}
