import { sql, type Kysely } from 'kysely';

/**
 * Analytics at scale (issue 16): two coarser rollups of 0029's `analytics_daily`, incremented in the same
 * statements as it (each always sums to it), filled here from it:
 * - `analytics_daily_totals`: without the achievement — per organisation, issuer, day (UTC), metric and
 *   dimension, and under issuer '' the whole organisation's. Every view not filtered by achievement reads
 *   it: a year of an organisation is ~365 × its metrics rows, whatever its number of achievements.
 * - `analytics_monthly`: `analytics_daily` per calendar month (`YYYY-MM`). The comparison of achievements
 *   reads the months a range covers whole from it and only the days at its ends from `analytics_daily`.
 * Frozen: no app imports.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('analytics_daily_totals')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('issuer_id', 'text', (c) => c.notNull()) // '' for the whole organisation
    .addColumn('day', 'text', (c) => c.notNull()) // YYYY-MM-DD (UTC)
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('dim', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('analytics_daily_totals_pk', ['org_id', 'issuer_id', 'day', 'metric', 'dim'])
    .execute();
  await db.schema
    .createTable('analytics_monthly')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('month', 'text', (c) => c.notNull()) // YYYY-MM (UTC)
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('dim', 'text', (c) => c.notNull())
    .addColumn('issuer_id', 'text', (c) => c.notNull())
    .addColumn('achievement_id', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('analytics_monthly_pk', ['org_id', 'month', 'metric', 'dim', 'issuer_id', 'achievement_id'])
    .execute();

  await sql`insert into analytics_daily_totals (org_id, issuer_id, day, metric, dim, count)
    select org_id, '', day, metric, dim, sum(count) from analytics_daily group by org_id, day, metric, dim`.execute(db);
  await sql`insert into analytics_daily_totals (org_id, issuer_id, day, metric, dim, count)
    select org_id, issuer_id, day, metric, dim, sum(count) from analytics_daily group by org_id, issuer_id, day, metric, dim`.execute(db);
  await sql`insert into analytics_monthly (org_id, month, metric, dim, issuer_id, achievement_id, count)
    select org_id, substr(day, 1, 7), metric, dim, issuer_id, achievement_id, sum(count) from analytics_daily
    group by org_id, substr(day, 1, 7), metric, dim, issuer_id, achievement_id`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('analytics_monthly').execute();
  await db.schema.dropTable('analytics_daily_totals').execute();
}
