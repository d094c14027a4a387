import type { Kysely } from 'kysely';

/**
 * Endorsements (issue 15, part 4): OB 3.0 EndorsementCredentials, one row each.
 * - `direction` `issued`: signed here by one of the organisation's issuers (`endorser_issuer_id`);
 *   `received`: signed by an outside party, verified and accepted by the endorsed organisation.
 * - `org_id` owns the row (lists, revokes); `subject_org_id` is the endorsed organisation (its pages show it).
 * - `hidden_at`: the endorsed organisation took it off its pages and new credentials (the endorser's own word stays published).
 * - `credential_id` is the credential's `id`: unique per owner, so accepting the same one again is idempotent.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('endorsements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('credential_id', 'text', (c) => c.notNull())
    .addColumn('endorser_issuer_id', 'text', (c) => c.references('issuers.id').onDelete('cascade'))
    .addColumn('endorser_id', 'text', (c) => c.notNull())
    .addColumn('endorser_name', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('subject_org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('subject_url', 'text', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('hidden_at', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('endorsements_credential').on('endorsements').columns(['org_id', 'credential_id']).unique().execute();
  await db.schema.createIndex('endorsements_subject_org').on('endorsements').columns(['subject_org_id', 'subject_type', 'subject_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('endorsements').execute();
}
