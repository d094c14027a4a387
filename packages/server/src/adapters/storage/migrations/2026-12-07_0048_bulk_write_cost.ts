import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * What every issue writes, made cheaper (issue 18: 100,000 bulk awards).
 *
 * - `credentials_recipient` indexed `(recipient_type, recipient_identity)` when the identity was plain text
 *   (migration 0001). The identity is sealed now (0030: AES-GCM with a fresh IV, so equal addresses differ): no
 *   query can use the index, and every issue paid for it (a ~150-byte key at a random place in the tree, the
 *   largest of a credential's indexes). Look-ups by recipient go through `recipient_index` (the blind index) and
 *   `recipient_key`, each indexed with the organisation.
 * - PostgreSQL: a signed document (1–4 KB: the VC-JWT ~3.2 KB of base64 that does not compress) stays in its row
 *   (`toast_tuple_target` 8160, the most a page allows) instead of PostgreSQL trying to compress it and moving it
 *   to the TOAST table (a second row and index entry per document) once its row passes ~2 KB: about a third less
 *   server CPU per document stored, ~10 % more space (docs/performance.md). SQLite keeps rows whole anyway.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('credentials_recipient').ifExists().execute();
  if (isPostgres(db)) await sql`alter table credential_documents set (toast_tuple_target = 8160)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) await sql`alter table credential_documents reset (toast_tuple_target)`.execute(db);
  await db.schema.createIndex('credentials_recipient').on('credentials').columns(['recipient_type', 'recipient_identity']).execute();
}

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;
