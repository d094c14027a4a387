import type { Kysely } from 'kysely';

/**
 * Earners signing in with public OpenID Providers (LAUREL_EARNER_OIDC_PROVIDERS): the provider's subjects
 * linked to Laurel accounts, and sign-ins on their way to the provider and back (state, nonce, PKCE verifier).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('earner_oidc_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('provider', 'text', (c) => c.notNull()) // the configured provider's id ("google")
    .addColumn('subject', 'text', (c) => c.notNull()) // the ID token's `sub`
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('email', 'text') // the address asserted when the link was made
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_sign_in_at', 'text')
    .addUniqueConstraint('earner_oidc_links_subject', ['provider', 'subject'])
    .execute();
  await db.schema.createIndex('earner_oidc_links_user').on('earner_oidc_links').column('user_id').execute();

  await db.schema
    .createTable('earner_oidc_pending')
    .addColumn('id', 'text', (c) => c.primaryKey()) // sha256 of the state
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('code_verifier', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('earner_oidc_pending').execute();
  await db.schema.dropTable('earner_oidc_links').execute();
}
