import { SqliteAdapter, type Kysely } from 'kysely';

/**
 * A credential's distinct visitors of a day as one sketch (`VisitorSketch`: the hashes themselves up to 2,048, then a
 * HyperLogLog of 16 KB) in `analytics_visitor_sketches`, keyed by (day, credential), instead of a row per visitor in
 * `analytics_viewers` (issue 16: a busy page's new visitors were a B-tree insert each and a commit rewriting as many
 * pages, more than half of what recording a view cost). `counted`: the visitors already added to the rollups, so that
 * a merge adds only the difference.
 *
 * `analytics_viewers` is dropped, not converted: its rows (a hash alone since 0046) do not say whose visitors they
 * were. So on the day of the upgrade a visitor already counted may be counted once more; from the next day on, nothing
 * of the old table mattered anyway (it held one day). down() restores 0046's table, empty (the same on the way back).
 * Frozen: no app imports.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  await db.schema
    .createTable('analytics_visitor_sketches')
    .addColumn('day', 'integer', (c) => c.notNull()) // days since 1970-01-01 (UTC)
    .addColumn('credential_id', 'text', (c) => c.notNull())
    .addColumn('sketch', sqlite ? 'blob' : 'bytea', (c) => c.notNull())
    .addColumn('counted', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('analytics_visitor_sketches_pk', ['day', 'credential_id'])
    .execute();
  await db.schema.dropTable('analytics_viewers').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  await db.schema
    .createTable('analytics_viewers')
    .addColumn('viewer', sqlite ? 'integer' : 'bigint', (c) => c.primaryKey())
    .addColumn('day', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.dropTable('analytics_visitor_sketches').execute();
}
