import type { Kysely } from 'kysely';

/**
 * Single logout both ways. `sso_sessions`: which Laurel session an identity provider's sign-in opened, with
 * the provider's handles for it (OIDC `sid`, SAML NameID format and SessionIndex), so that a provider's
 * logout (OIDC back-channel) ends exactly that session and Laurel's sign-out can name it to a SAML IdP.
 * `sso_logout_pending`: LogoutRequests Laurel sent to a SAML IdP, waiting for the LogoutResponse (bound to
 * the browser by the sha256 of its RelayState, single use). `sso_pending_links`: those handles while a Laurel
 * second factor is asked. And SAML SP signing-key rotation: the next key
 * (published before it signs) and the previous certificate (published until retired).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sso_sessions')
    .addColumn('session_id', 'text', (c) => c.primaryKey().references('sessions.id').onDelete('cascade')) // goes with its session
    .addColumn('connection_id', 'text', (c) => c.notNull().references('sso_connections.id').onDelete('cascade'))
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull()) // OIDC `sub` / SAML NameID (as in sso_identities)
    .addColumn('sid', 'text') // OIDC session id at the provider
    .addColumn('name_id_format', 'text')
    .addColumn('session_index', 'text') // SAML SessionIndex
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sso_sessions_sid').on('sso_sessions').columns(['connection_id', 'sid']).execute();
  await db.schema.createIndex('sso_sessions_subject').on('sso_sessions').columns(['connection_id', 'subject']).execute();

  // An IdP sign-in waiting for a Laurel second factor: the handles wait here (keyed by the pending sign-in's id) and
  // join the session the second factor opens.
  await db.schema
    .createTable('sso_pending_links')
    .addColumn('id', 'text', (c) => c.primaryKey()) // mfa_pending_sign_ins.id
    .addColumn('connection_id', 'text', (c) => c.notNull().references('sso_connections.id').onDelete('cascade'))
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('sid', 'text')
    .addColumn('name_id_format', 'text')
    .addColumn('session_index', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sso_logout_pending')
    .addColumn('id', 'text', (c) => c.primaryKey()) // sha256 of the RelayState
    .addColumn('connection_id', 'text', (c) => c.notNull().references('sso_connections.id').onDelete('cascade'))
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('sso_connections').addColumn('sp_next_signing_key', 'text').execute();
  await db.schema.alterTable('sso_connections').addColumn('sp_next_certificate', 'text').execute();
  await db.schema.alterTable('sso_connections').addColumn('sp_previous_certificate', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sso_connections').dropColumn('sp_previous_certificate').execute();
  await db.schema.alterTable('sso_connections').dropColumn('sp_next_certificate').execute();
  await db.schema.alterTable('sso_connections').dropColumn('sp_next_signing_key').execute();
  await db.schema.dropTable('sso_logout_pending').execute();
  await db.schema.dropTable('sso_pending_links').execute();
  await db.schema.dropTable('sso_sessions').execute();
}
