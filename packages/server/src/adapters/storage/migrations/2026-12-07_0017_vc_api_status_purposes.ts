import type { Kysely } from 'kysely';

/**
 * The status purposes an issuer adds to every credential it signs through the W3C VC-API
 * (`POST /vc/credentials/issue`) when the request does not say: comma-separated (`revocation`,
 * `suspension`), empty for none (the default, as before).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('issuers').addColumn('vc_api_status_purposes', 'text', (c) => c.notNull().defaultTo('')).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('issuers').dropColumn('vc_api_status_purposes').execute();
}
