import type { Kysely } from 'kysely';

/**
 * Laurel as an OAuth 2.0 authorization server: clients (machine clients of an organisation, made in
 * the console; clients registered dynamically by Open Badges hosts and displayers), authorization
 * requests with their single-use codes, and tokens (access and refresh; only their sha256 is kept).
 * Credentials from other issuers that an earner's host pushed into their backpack (OB 3.0 API upsert).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('oauth_clients')
    .addColumn('id', 'text', (c) => c.primaryKey()) // the client_id
    .addColumn('kind', 'text', (c) => c.notNull()) // machine | registered
    .addColumn('org_id', 'text', (c) => c.references('organisations.id').onDelete('cascade')) // machine clients only
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull()) // space-separated
    .addColumn('issuer_id', 'text', (c) => c.references('issuers.id').onDelete('cascade')) // machine clients restricted to one issuer
    .addColumn('metadata', 'text', (c) => c.notNull()) // JSON: RFC 7591 metadata of registered clients
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('oauth_clients_org').on('oauth_clients').columns(['org_id', 'created_at']).execute();

  await db.schema
    .createTable('oauth_authorizations')
    .addColumn('id', 'text', (c) => c.primaryKey()) // the consent page's handle (random)
    .addColumn('client_id', 'text', (c) => c.notNull().references('oauth_clients.id').onDelete('cascade'))
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('authorization_details', 'text') // JSON (RFC 9396), when asked for
    .addColumn('state', 'text')
    .addColumn('code_challenge', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('decision', 'text') // approved | denied
    .addColumn('decided_at', 'text')
    .addColumn('code_hash', 'text', (c) => c.unique())
    .addColumn('code_expires_at', 'text')
    .addColumn('code_used_at', 'text')
    .addColumn('grant_id', 'text')
    .execute();

  await db.schema
    .createTable('oauth_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull()) // access | refresh
    .addColumn('client_id', 'text', (c) => c.notNull().references('oauth_clients.id').onDelete('cascade'))
    .addColumn('org_id', 'text', (c) => c.references('organisations.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('authorization_details', 'text')
    .addColumn('grant_id', 'text', (c) => c.notNull()) // every token of one authorization (code, then refreshes)
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text') // refresh tokens: rotated
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('oauth_tokens_grant').on('oauth_tokens').column('grant_id').execute();
  await db.schema.createIndex('oauth_tokens_user').on('oauth_tokens').columns(['user_id', 'kind']).execute();

  await db.schema
    .createTable('hosted_credentials')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('dedupe_key', 'text', (c) => c.notNull()) // the credential's id, else the sha256 of what was sent
    .addColumn('format', 'text', (c) => c.notNull()) // json | jwt
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('hosted_credentials_user_key', ['user_id', 'dedupe_key'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('hosted_credentials').execute();
  await db.schema.dropTable('oauth_tokens').execute();
  await db.schema.dropTable('oauth_authorizations').execute();
  await db.schema.dropTable('oauth_clients').execute();
}
