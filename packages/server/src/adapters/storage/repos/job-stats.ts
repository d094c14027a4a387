import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface JobStats {
  /** Jobs waiting, being run and given up on, per job name (done jobs are not counted). */
  counts: { name: string; status: 'queued' | 'running' | 'failed'; count: number }[];
  /** When the longest-waiting job that is due now became due (absent: nothing is due). */
  oldestDueAt: string | undefined;
}

/** Two indexed reads of the jobs table (`jobs_ready` is on status, run_at), for the metrics scrape. */
export async function readJobStats(db: Kysely<Database>, now: Date): Promise<JobStats> {
  const rows = await db
    .selectFrom('jobs')
    .select((eb) => ['name', 'status', eb.fn.countAll<number | string>().as('count')])
    .where('status', 'in', ['queued', 'running', 'failed'])
    .groupBy(['name', 'status'])
    .execute();
  const due = await db
    .selectFrom('jobs')
    .select((eb) => eb.fn.min('run_at').as('oldest'))
    .where('status', '=', 'queued')
    .where('run_at', '<=', now.toISOString())
    .executeTakeFirst();
  return {
    counts: rows.map((r) => ({ name: r.name, status: r.status as JobStats['counts'][number]['status'], count: Number(r.count) })),
    oldestDueAt: due?.oldest ?? undefined,
  };
}
