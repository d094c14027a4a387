import type { Kysely } from 'kysely';

/** Single-use e-mailed links: address verification and magic-link sign-in. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('email_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey()) // sha256 of the token in the link
    .addColumn('purpose', 'text', (c) => c.notNull()) // verify-address | sign-in
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('email_tokens').execute();
}
