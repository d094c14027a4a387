import type { Kysely } from 'kysely';

/**
 * OpenID4VCI (credentials into wallets): credential offers, the access tokens the pre-authorized code
 * is exchanged for, and the c_nonces of the nonce endpoint. Every secret (the offer URI's token, the
 * pre-authorized code, the tx_code, the access token, the nonce) is stored as a hash only.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('wallet_offers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('issuer_id', 'text', (c) => c.notNull().references('issuers.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('credential_ids', 'text', (c) => c.notNull()) // JSON array
    .addColumn('tx_code_required', 'integer', (c) => c.notNull())
    .addColumn('tx_code_hash', 'text')
    .addColumn('tx_code_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('redeemed_at', 'text')
    .execute();
  await db.schema.createIndex('wallet_offers_expires').on('wallet_offers').column('expires_at').execute();

  await db.schema
    .createTable('wallet_access_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('offer_id', 'text', (c) => c.notNull().references('wallet_offers.id').onDelete('cascade'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('issuer_id', 'text', (c) => c.notNull())
    .addColumn('credential_ids', 'text', (c) => c.notNull()) // JSON array
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('wallet_nonces')
    .addColumn('nonce_hash', 'text', (c) => c.primaryKey())
    .addColumn('issuer_id', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('wallet_nonces_expires').on('wallet_nonces').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('wallet_nonces').execute();
  await db.schema.dropTable('wallet_access_tokens').execute();
  await db.schema.dropTable('wallet_offers').execute();
}
