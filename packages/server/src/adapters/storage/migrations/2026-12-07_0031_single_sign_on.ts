import type { Kysely } from 'kysely';

/**
 * Single sign-on: an organisation's identity providers (OpenID Connect or SAML 2.0), the e-mail domains
 * each one answers for, sign-ins on their way to the provider and back (state, nonce, PKCE verifier, SAML
 * request id), the provider's subjects linked to Laurel accounts, and the SAML assertion ids already used
 * (no replay).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sso_connections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('protocol', 'text', (c) => c.notNull()) // 'oidc' | 'saml'
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('settings', 'text', (c) => c.notNull()) // JSON: issuer, client id / IdP entity id, SSO URL, certificate
    .addColumn('client_secret', 'text') // sealed by the key vault, the connection id as AAD
    .addColumn('role_claim', 'text', (c) => c.notNull())
    .addColumn('role_mapping', 'text', (c) => c.notNull()) // JSON [{ value, role }]
    .addColumn('default_role', 'text') // JIT membership's role when no mapping matches; null: no JIT without a match
    .addColumn('trust_idp_mfa', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sso_connections_org').on('sso_connections').column('org_id').execute();

  await db.schema
    .createTable('sso_domains')
    .addColumn('domain', 'text', (c) => c.primaryKey()) // one connection per domain, lower case
    .addColumn('connection_id', 'text', (c) => c.notNull().references('sso_connections.id').onDelete('cascade'))
    .addColumn('org_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sso_domains_connection').on('sso_domains').column('connection_id').execute();

  await db.schema
    .createTable('sso_pending')
    .addColumn('id', 'text', (c) => c.primaryKey()) // sha256 of the state (OIDC) or RelayState (SAML)
    .addColumn('connection_id', 'text', (c) => c.notNull().references('sso_connections.id').onDelete('cascade'))
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text')
    .addColumn('code_verifier', 'text')
    .addColumn('request_id', 'text') // SAML AuthnRequest ID (InResponseTo)
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sso_identities')
    .addColumn('connection_id', 'text', (c) => c.notNull().references('sso_connections.id').onDelete('cascade'))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_sign_in_at', 'text')
    .addPrimaryKeyConstraint('sso_identities_pk', ['connection_id', 'subject'])
    .execute();
  await db.schema.createIndex('sso_identities_user').on('sso_identities').column('user_id').execute();

  await db.schema
    .createTable('sso_assertions_seen')
    .addColumn('connection_id', 'text', (c) => c.notNull().references('sso_connections.id').onDelete('cascade'))
    .addColumn('assertion_id', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sso_assertions_seen_pk', ['connection_id', 'assertion_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sso_assertions_seen').execute();
  await db.schema.dropTable('sso_identities').execute();
  await db.schema.dropTable('sso_pending').execute();
  await db.schema.dropTable('sso_domains').execute();
  await db.schema.dropTable('sso_connections').execute();
}
