import type { Kysely } from 'kysely';

/**
 * Award rules on events (issue 14, part 2):
 * - `event_sources`: per-organisation inbound secrets (Standard Webhooks), sealed, shown once;
 * - `inbound_events`: every accepted event, stored before it is answered; unique per organisation and
 *   event id, so the same event sent again is the same row (accepted, never evaluated twice);
 * - `award_rules`: per achievement, an event type, conditions on `data` (a JSON tree) and the
 *   achievements a recipient must hold (pathways);
 * - `rule_awards`: which rule and event produced which credential; unique per (rule, event, recipient)
 *   and per (rule, once_key) — the recipient for a rule that awards once, the event for a repeatable one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('event_sources')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .execute();
  await db.schema.createIndex('event_sources_org').on('event_sources').column('org_id').execute();

  await db.schema
    .createTable('inbound_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('subject_email', 'text', (c) => c.notNull())
    .addColumn('subject_name', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('received_via', 'text', (c) => c.notNull()) // api-key, oauth-client, source:<id>
    .addColumn('issuer_scope', 'text') // an issuer-bound credential's issuer: only its achievements' rules apply
    .addColumn('status', 'text', (c) => c.notNull()) // pending, processed
    .addColumn('awards', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('processed_at', 'text')
    .execute();
  await db.schema.createIndex('inbound_events_org_event').on('inbound_events').columns(['org_id', 'event_id']).unique().execute();
  await db.schema.createIndex('inbound_events_org_received').on('inbound_events').columns(['org_id', 'received_at']).execute();

  await db.schema
    .createTable('award_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('achievement_id', 'text', (c) => c.notNull().references('achievements.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('conditions', 'text') // JSON condition tree, or null: every event of the type
    .addColumn('requires', 'text') // JSON { all | any: achievement ids }, or null
    .addColumn('repeatable', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('award_rules_org_type').on('award_rules').columns(['org_id', 'event_type']).execute();
  await db.schema.createIndex('award_rules_achievement').on('award_rules').columns(['org_id', 'achievement_id']).execute();

  await db.schema
    .createTable('rule_awards')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('rule_id', 'text', (c) => c.notNull()) // kept after the rule is deleted: the record stays
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('recipient_identity', 'text', (c) => c.notNull())
    .addColumn('once_key', 'text', (c) => c.notNull())
    .addColumn('credential_id', 'text', (c) => c.notNull().references('credentials.id').onDelete('cascade'))
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rule_awards_once_per_event').on('rule_awards').columns(['org_id', 'rule_id', 'event_id', 'recipient_identity']).unique().execute();
  await db.schema.createIndex('rule_awards_once_key').on('rule_awards').columns(['rule_id', 'once_key']).unique().execute();
  await db.schema.createIndex('rule_awards_credential').on('rule_awards').column('credential_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['rule_awards', 'award_rules', 'inbound_events', 'event_sources']) await db.schema.dropTable(t).execute();
}
