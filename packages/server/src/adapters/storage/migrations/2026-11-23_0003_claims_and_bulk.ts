import type { Kysely } from 'kysely';

/** Claim links sent to earners, e-mail opt-outs, and bulk award imports. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('claim_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey()) // sha256 of the token in the link
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('credential_id', 'text', (c) => c.notNull().references('credentials.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('job_id', 'text', (c) => c.unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('used_at', 'text')
    .addColumn('used_by', 'text')
    .execute();
  await db.schema.createIndex('claim_tokens_credential').on('claim_tokens').column('credential_id').execute();

  await db.schema
    .createTable('email_opt_outs')
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('email_opt_outs_pk', ['email', 'org_id'])
    .execute();

  await db.schema
    .createTable('bulk_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('achievement_id', 'text', (c) => c.notNull().references('achievements.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull()) // queued | running | done | failed
    .addColumn('rows', 'text', (c) => c.notNull()) // JSON array of validated rows
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('processed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('results', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('bulk_imports_org').on('bulk_imports').columns(['org_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['bulk_imports', 'email_opt_outs', 'claim_tokens']) await db.schema.dropTable(t).ifExists().execute();
}
