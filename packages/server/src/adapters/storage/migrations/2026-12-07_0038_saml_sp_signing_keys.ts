import type { Kysely } from 'kysely';

/**
 * SAML connections that sign their AuthnRequests: the service provider's private key (sealed by the key
 * vault, like OIDC client secrets) and its self-signed certificate (published in the SP metadata).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sso_connections').addColumn('sp_signing_key', 'text').execute();
  await db.schema.alterTable('sso_connections').addColumn('sp_certificate', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sso_connections').dropColumn('sp_certificate').execute();
  await db.schema.alterTable('sso_connections').dropColumn('sp_signing_key').execute();
}
