import type { Kysely } from 'kysely';

/**
 * `credentials_recipient` indexed `(recipient_type, recipient_identity)` when the identity was plain text
 * (migration 0001). The identity is sealed now (0030: AES-GCM with a fresh IV, so equal addresses differ): no
 * query can use the index, and every issue paid for it (a ~150-byte key at a random place in the tree, the
 * largest of a credential's indexes). Look-ups by recipient go through `recipient_index` (the blind index) and
 * `recipient_key`, each indexed with the organisation.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('credentials_recipient').ifExists().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('credentials_recipient').on('credentials').columns(['recipient_type', 'recipient_identity']).execute();
}
