import type { Kysely } from 'kysely';

/**
 * Members join by invitation (a single-use, expiring token mailed to the invited address; only its hash is
 * kept), and award e-mails carry an unsubscribe-only token apart from the claim token.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('invited_by', 'text') // the inviting member's user id (an API key's creator), if any
    .addColumn('token_hash', 'text', (c) => c.unique()) // sha256 of the mailed token; null until sent
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('accepted_at', 'text')
    .addColumn('accepted_by', 'text')
    .execute();
  await db.schema.createIndex('invitations_org_email').on('invitations').columns(['org_id', 'email']).execute();

  await db.schema
    .createTable('unsubscribe_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey()) // sha256 of the token in List-Unsubscribe
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('unsubscribe_tokens').execute();
  await db.schema.dropTable('invitations').execute();
}
