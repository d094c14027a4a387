import type { Kysely } from 'kysely';

/**
 * API keys restricted to one issuer (`issuer_id`, null: every issuer of the organisation), and the
 * getting-started banner a member dismissed (`getting_started_dismissed_at`, per membership).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('api_keys').addColumn('issuer_id', 'text').execute();
  await db.schema.alterTable('memberships').addColumn('getting_started_dismissed_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('memberships').dropColumn('getting_started_dismissed_at').execute();
  await db.schema.alterTable('api_keys').dropColumn('issuer_id').execute();
}
