import { SqliteAdapter, sql, type Kysely } from 'kysely';

/**
 * PostgreSQL: the jobs table vacuumed after 1% of its rows changed instead of 20% (and analysed after 2%): a queue's
 * rows change three times each (queued, running, done), and every change leaves a dead index entry that the claim
 * walks past until a vacuum removes it (docs/performance.md, "the job queue's claim"). Nothing on SQLite.
 * Frozen: no app imports.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) return;
  await sql`alter table jobs set (autovacuum_vacuum_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.02)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) return;
  await sql`alter table jobs reset (autovacuum_vacuum_scale_factor, autovacuum_analyze_scale_factor)`.execute(db);
}
