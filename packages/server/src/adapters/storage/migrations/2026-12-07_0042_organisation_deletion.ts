import type { Kysely } from 'kysely';

/**
 * Organisation deletion (issue 17): a deleted organisation keeps its row, marked `deleted_at`, so what verifies its
 * already-issued credentials (issuers' public keys, DIDs, status lists, the signed documents) stays resolvable; its
 * personal data is purged and its data keys (`pdo-N-<org>` in `data_keys`, found by their id) are destroyed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('organisations').addColumn('deleted_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('organisations').dropColumn('deleted_at').execute();
}
