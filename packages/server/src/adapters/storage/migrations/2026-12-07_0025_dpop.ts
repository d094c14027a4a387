import type { Kysely } from 'kysely';

/**
 * DPoP (RFC 9449): the JWK thumbprint an access token (and a public client's refresh token) is bound to,
 * and the proofs seen (a hash of the key thumbprint and `jti`), kept until they are too old to be
 * accepted anyway, so a replayed proof is refused.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('oauth_tokens').addColumn('dpop_jkt', 'text').execute();
  await db.schema.alterTable('wallet_access_tokens').addColumn('dpop_jkt', 'text').execute();
  await db.schema
    .createTable('dpop_proofs')
    .addColumn('proof_hash', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('dpop_proofs_expires_at').on('dpop_proofs').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('dpop_proofs').execute();
  await db.schema.alterTable('wallet_access_tokens').dropColumn('dpop_jkt').execute();
  await db.schema.alterTable('oauth_tokens').dropColumn('dpop_jkt').execute();
}
