import type { Kysely } from 'kysely';

/**
 * Status lists for credentials issued through the W3C VC-API (caller-supplied documents, not stored as
 * Laurel credentials): their own revocation and suspension lists per issuer, so that their indexes can
 * never share a bit with a Laurel credential's, and one row per issued status entry, found by the
 * credential's `id` within its organisation.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('vc_status_lists')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('issuer_id', 'text', (c) => c.notNull().references('issuers.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('bits', 'text', (c) => c.notNull()) // base64
    .addColumn('allocated', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('vc_status_lists_issuer_purpose', ['issuer_id', 'purpose'])
    .execute();

  await db.schema
    .createTable('vc_status_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('issuer_id', 'text', (c) => c.notNull().references('issuers.id').onDelete('cascade'))
    .addColumn('credential_id', 'text', (c) => c.notNull()) // the issued credential's `id`
    .addColumn('status_index', 'integer', (c) => c.notNull())
    .addColumn('purposes', 'text', (c) => c.notNull()) // comma-separated: revocation, suspension
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('vc_status_entries_issuer_index', ['issuer_id', 'status_index'])
    .addUniqueConstraint('vc_status_entries_org_credential', ['org_id', 'credential_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('vc_status_entries').execute();
  await db.schema.dropTable('vc_status_lists').execute();
}
