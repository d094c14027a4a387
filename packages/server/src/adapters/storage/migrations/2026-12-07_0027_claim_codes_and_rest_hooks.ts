import type { Kysely } from 'kysely';

/**
 * No-code connectors (issue 14, part 3):
 * - `webhook_endpoints.rest_hook`: an endpoint subscribed through the REST Hooks API (Zapier, Make,
 *   n8n); a 410 Gone answer unsubscribes it;
 * - `claim_codes`: award by link; the code itself is never stored, only its SHA-256; `uses` only ever
 *   grows through a conditional update (`uses < max_uses`), so the cap holds under concurrency;
 * - `claim_code_redemptions`: one row per award, unique per (code, e-mail): one award per e-mail per code;
 * - `claim_code_confirmations`: a claim waiting for its e-mail to be confirmed by a mailed link (token hashed).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('webhook_endpoints').addColumn('rest_hook', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  await db.schema
    .createTable('claim_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('achievement_id', 'text', (c) => c.notNull().references('achievements.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('label', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('max_uses', 'integer', (c) => c.notNull())
    .addColumn('uses', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('verify_email', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('withdrawn_at', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('claim_codes_org_achievement').on('claim_codes').columns(['org_id', 'achievement_id']).execute();

  await db.schema
    .createTable('claim_code_redemptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('claim_code_id', 'text', (c) => c.notNull().references('claim_codes.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('credential_id', 'text', (c) => c.notNull().references('credentials.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('claim_code_redemptions_once').on('claim_code_redemptions').columns(['claim_code_id', 'email']).unique().execute();

  await db.schema
    .createTable('claim_code_confirmations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('claim_code_id', 'text', (c) => c.notNull().references('claim_codes.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['claim_code_confirmations', 'claim_code_redemptions', 'claim_codes']) await db.schema.dropTable(t).execute();
  await db.schema.alterTable('webhook_endpoints').dropColumn('rest_hook').execute();
}
