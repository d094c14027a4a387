import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * Certification expiry and renewal: an achievement's grace period, reminder offsets and renewal mode; a
 * credential's successor (superseded); one reminder row per (credential, offset), unique, so a reminder is
 * enqueued once whatever the number of sweeps, restarts or workers; the renewal requests of earners.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('achievements').addColumn('grace_period', 'text').execute();
  await db.schema.alterTable('achievements').addColumn('reminder_offsets', 'text').execute();
  await db.schema.alterTable('achievements').addColumn('renewal_mode', 'text', (c) => c.notNull().defaultTo('manual')).execute();
  await db.schema.alterTable('credentials').addColumn('superseded_by', 'text').execute();
  await db.schema.alterTable('credentials').addColumn('superseded_at', 'text').execute();

  await db.schema
    .createTable('expiry_reminders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('credential_id', 'text', (c) => c.notNull().references('credentials.id').onDelete('cascade'))
    .addColumn('offset_days', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('outcome', 'text')
    .execute();
  // The guarantee: one reminder per credential and offset, whatever code runs.
  await db.schema.createIndex('expiry_reminders_once').on('expiry_reminders').columns(['credential_id', 'offset_days']).unique().execute();

  await db.schema
    .createTable('renewal_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('credential_id', 'text', (c) => c.notNull().references('credentials.id').onDelete('cascade'))
    .addColumn('achievement_id', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('evidence_url', 'text')
    .addColumn('note', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('new_credential_id', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .execute();
  await db.schema.createIndex('renewal_requests_org_status').on('renewal_requests').columns(['org_id', 'status', 'created_at']).execute();
  // One open request per credential.
  await db.schema.createIndex('renewal_requests_one_pending').on('renewal_requests').column('credential_id').unique().where(sql.ref('status'), '=', 'pending').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('renewal_requests').execute();
  await db.schema.dropTable('expiry_reminders').execute();
  await db.schema.alterTable('credentials').dropColumn('superseded_at').execute();
  await db.schema.alterTable('credentials').dropColumn('superseded_by').execute();
  await db.schema.alterTable('achievements').dropColumn('renewal_mode').execute();
  await db.schema.alterTable('achievements').dropColumn('reminder_offsets').execute();
  await db.schema.alterTable('achievements').dropColumn('grace_period').execute();
}
