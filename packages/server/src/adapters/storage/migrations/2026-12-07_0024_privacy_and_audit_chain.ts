import type { Kysely } from 'kysely';

/**
 * Privacy rights and a tamper-evident audit log: audit entries keep the user agent beside the IP and are
 * chained per organisation (`seq`, `prev_hash`, `hash`: set when the entry is sealed); one head row per
 * organisation is the lock two sealers take in turn; consent records (which terms / privacy notice
 * version a person accepted, and when).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('user_agent', 'text').execute();
  await db.schema.alterTable('audit_log').addColumn('seq', 'bigint').execute();
  await db.schema.alterTable('audit_log').addColumn('prev_hash', 'text').execute();
  await db.schema.alterTable('audit_log').addColumn('hash', 'text').execute();
  await db.schema.createIndex('audit_log_org_seq').on('audit_log').columns(['org_id', 'seq']).unique().execute();

  await db.schema
    .createTable('audit_chain_heads')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('organisations.id').onDelete('cascade'))
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('consents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('document', 'text', (c) => c.notNull()) // 'terms' | 'privacy'
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('accepted_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('consents_user').on('consents').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('consents').execute();
  await db.schema.dropTable('audit_chain_heads').execute();
  await db.schema.dropIndex('audit_log_org_seq').execute();
  for (const column of ['hash', 'prev_hash', 'seq', 'user_agent']) await db.schema.alterTable('audit_log').dropColumn(column).execute();
}
