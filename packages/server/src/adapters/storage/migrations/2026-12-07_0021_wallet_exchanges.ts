import type { Kysely } from 'kysely';

/**
 * VC-API exchanges for wallets that ask with a DIDAuth presentation (the Learner Credential Wallet):
 * one per credential, single use, expiring. The exchange's URL token is stored as a hash only.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('wallet_exchanges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('issuer_id', 'text', (c) => c.notNull().references('issuers.id').onDelete('cascade'))
    .addColumn('credential_id', 'text', (c) => c.notNull().references('credentials.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addColumn('holder', 'text')
    .execute();
  await db.schema.createIndex('wallet_exchanges_expires').on('wallet_exchanges').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('wallet_exchanges').execute();
}
