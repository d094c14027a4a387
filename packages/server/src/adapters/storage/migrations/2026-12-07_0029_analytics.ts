import { sql, type Kysely } from 'kysely';

/**
 * Analytics (issue 16), built on the credential history of 0012:
 * - `analytics_daily`: the rollup the dashboards and the summary API read, one counter per
 *   organisation, day (UTC), metric, dimension (a share network, a verification channel, an hour
 *   count for time-to-issue/claim; '' when none), issuer and achievement; incremented in the
 *   transaction of the event it counts (history events) or right after the request (engagement);
 * - `analytics_viewers`: today's distinct viewers of a credential as salted hashes (the salt changes
 *   every UTC day and is deleted with the day's hashes: yesterday's visitors cannot be recognised);
 * - `analytics_salts`: the salt of the current day, shared by every instance, deleted the next day;
 * - on `credential_views`: distinct visitors and third-party verifications per credential and day
 *   (what an earner sees of their own credential).
 * The rollup is filled from the history and page views already recorded. Frozen: no app imports.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('analytics_daily')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('day', 'text', (c) => c.notNull()) // YYYY-MM-DD (UTC)
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('dim', 'text', (c) => c.notNull())
    .addColumn('issuer_id', 'text', (c) => c.notNull())
    .addColumn('achievement_id', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('analytics_daily_pk', ['org_id', 'day', 'metric', 'dim', 'issuer_id', 'achievement_id'])
    .execute();
  await db.schema.createIndex('analytics_daily_achievement').on('analytics_daily').columns(['org_id', 'achievement_id', 'day']).execute();

  await db.schema
    .createTable('analytics_viewers')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('credential_id', 'text', (c) => c.notNull())
    .addColumn('viewer', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('analytics_viewers_pk', ['day', 'credential_id', 'viewer'])
    .execute();

  await db.schema
    .createTable('analytics_salts')
    .addColumn('day', 'text', (c) => c.primaryKey())
    .addColumn('salt', 'text', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('credential_views').addColumn('visitors', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('credential_views').addColumn('verifications', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  // What was already recorded, counted once.
  const fromHistory: Array<[string, string]> = [['issued', 'issued'], ['email.sent', 'delivered'], ['claimed', 'claimed'], ['revoked', 'revoked'], ['suspended', 'suspended']];
  for (const [type, metric] of fromHistory) {
    await sql`insert into analytics_daily (org_id, day, metric, dim, issuer_id, achievement_id, count)
      select e.org_id, substr(e.created_at, 1, 10), ${metric}, '', c.issuer_id, c.achievement_id, count(*)
      from credential_events e join credentials c on c.id = e.credential_id
      where e.type = ${type}
      group by e.org_id, substr(e.created_at, 1, 10), c.issuer_id, c.achievement_id`.execute(db);
  }
  await sql`insert into analytics_daily (org_id, day, metric, dim, issuer_id, achievement_id, count)
    select c.org_id, v.day, 'viewed', '', c.issuer_id, c.achievement_id, sum(v.views)
    from credential_views v join credentials c on c.id = v.credential_id
    group by c.org_id, v.day, c.issuer_id, c.achievement_id`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('credential_views').dropColumn('verifications').execute();
  await db.schema.alterTable('credential_views').dropColumn('visitors').execute();
  await db.schema.dropTable('analytics_salts').execute();
  await db.schema.dropTable('analytics_viewers').execute();
  await db.schema.dropTable('analytics_daily').execute();
}
