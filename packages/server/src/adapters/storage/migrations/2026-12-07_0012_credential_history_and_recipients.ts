import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';

/**
 * The console's everyday tools:
 * - `credential_events`: what happened to a credential (issued, e-mailed or not, claimed, revoked,
 *   suspended, reinstated, resent), one row per event, written by the use case that did it;
 * - `credential_views`: public page views as a counter per credential and day (no cookie, no address);
 * - `bulk_operations`: the answer of a bulk action sent with an Idempotency-Key, replayed on retry;
 * - on `credentials`: `recipient_search` (name and identity folded: lower case, no accents) so that a
 *   search matches "Zoë" and "Zoe" both ways on every engine, and `recipient_key` (an opaque key per
 *   recipient of an organisation: the recipient directory's URLs never carry an e-mail address).
 *
 * Frozen: the two functions below are copies made for this migration, not imports.
 */
const FOLDED: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };
const fold = (text: string): string =>
  text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[ßæœøłđðþı]/g, (c) => FOLDED[c] ?? c);
const recipientKey = (orgId: string, type: string, identity: string): string =>
  createHash('sha256').update(`laurel-recipient\n${orgId}\n${type}\n${identity}`).digest('base64url').slice(0, 32);

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('credential_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('credential_id', 'text', (c) => c.notNull().references('credentials.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('actor_type', 'text', (c) => c.notNull()) // user, api-key, recipient, system
    .addColumn('actor_id', 'text')
    .addColumn('details', 'text', (c) => c.notNull()) // JSON
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('credential_events_credential').on('credential_events').columns(['credential_id', 'created_at']).execute();

  await db.schema
    .createTable('credential_views')
    .addColumn('credential_id', 'text', (c) => c.notNull().references('credentials.id').onDelete('cascade'))
    .addColumn('day', 'text', (c) => c.notNull()) // YYYY-MM-DD (UTC)
    .addColumn('views', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('credential_views_pk', ['credential_id', 'day'])
    .execute();

  await db.schema
    .createTable('bulk_operations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('operation', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull()) // JSON
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('bulk_operations_key', ['org_id', 'operation', 'idempotency_key'])
    .execute();

  await db.schema.alterTable('credentials').addColumn('recipient_search', 'text').execute();
  await db.schema.alterTable('credentials').addColumn('recipient_key', 'text').execute();
  for (let after = ''; ; ) {
    const rows: { id: string; org_id: string; recipient_type: string; recipient_identity: string; recipient_name: string | null }[] = await db
      .selectFrom('credentials')
      .select(['id', 'org_id', 'recipient_type', 'recipient_identity', 'recipient_name'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(500)
      .execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      await db
        .updateTable('credentials')
        .set({ recipient_search: fold(`${r.recipient_name ?? ''}\n${r.recipient_identity}`), recipient_key: recipientKey(r.org_id, r.recipient_type, r.recipient_identity) })
        .where('id', '=', r.id)
        .execute();
    }
    after = rows[rows.length - 1]!.id;
  }
  await db.schema.createIndex('credentials_org_recipient_key').on('credentials').columns(['org_id', 'recipient_key']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('credentials_org_recipient_key').execute();
  await db.schema.alterTable('credentials').dropColumn('recipient_key').execute();
  await db.schema.alterTable('credentials').dropColumn('recipient_search').execute();
  await db.schema.dropTable('bulk_operations').execute();
  await db.schema.dropTable('credential_views').execute();
  await db.schema.dropTable('credential_events').execute();
}
