import type { Kysely } from 'kysely';

/** How an issuer identifies itself in OB 3.0 credentials: its did:web (domain-bound) or a did:key. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('issuers').addColumn('identity', 'text', (c) => c.notNull().defaultTo('did:web')).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('issuers').dropColumn('identity').execute();
}
