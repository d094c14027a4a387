import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { Job, JobQueue, JobRequest } from '../../../domain/shared/jobs.js';
import type { Engine } from '../db.js';
import type { Database, JobsTable } from '../schema.js';
import { fromJson, toJson } from './json.js';
import { withKeys, type Keyring, type PersonalDataKeys } from '../personal-data.js';
import { orgOfRow, sealContext } from '../sealed-columns.js';

/** Queued payloads name addresses and names (e-mail links, claim confirmations): sealed at rest like the rows they come from. */
const PAYLOAD = sealContext('jobs', 'payload');
/** A failure's message (an SMTP refusal quotes the address) and a handler's result: sealed too (migration 0037). */
const LAST_ERROR = sealContext('jobs', 'last_error');
const RESULT = sealContext('jobs', 'result');

const toJob = (k: Keyring) => (r: Selectable<JobsTable>): Job => ({
  id: r.id,
  orgId: r.org_id,
  name: r.name,
  version: r.version,
  payload: fromJson(k.open(r.payload, PAYLOAD), {}),
  status: r.status as Job['status'],
  attempts: r.attempts,
  maxAttempts: r.max_attempts,
  runAt: r.run_at,
  lastError: k.openNullable(r.last_error, LAST_ERROR),
});

/** The row of a newly queued job (also written by the credential issue statement). */
export const jobRow = (job: JobRequest, id: string, at: string): Insertable<JobsTable> & { id: string } => ({
  id, org_id: job.orgId ?? null, name: job.name, version: job.version ?? 1, payload: toJson(job.payload), status: 'queued',
  max_attempts: job.maxAttempts ?? 5, run_at: job.runAt ?? at, locked_by: null, locked_until: null, last_error: null, result: null,
  created_at: at, updated_at: at,
});

/**
 * The jobs a claim may take of one kind, oldest `run_at` first: queued and due, or running with a lapsed lock. One
 * status per statement, so that `jobs_ready` (status, run_at) is read as an ordered index scan that stops at the LIMIT:
 * a claim reads what it takes, however many finished jobs the table holds. (One statement with an OR of both kinds was
 * read by a bitmap or sequential scan of every entry: 1.3 ms a claim at 2,000 jobs, 4.8 ms at 6,000.)
 */
export const claimable = (qb: Kysely<Database>, status: 'running' | 'queued', at: string, n: number) =>
  qb
    .selectFrom('jobs')
    .select('id')
    .where('status', '=', status)
    .where(status === 'running' ? 'locked_until' : 'run_at', status === 'running' ? '<' : '<=', at)
    .orderBy('run_at')
    .limit(n);

/**
 * The durable job table. Enqueue inside the caller's transaction (outbox); workers claim due jobs
 * with `FOR UPDATE SKIP LOCKED` on PostgreSQL, and under SQLite's single writer lock otherwise.
 * A job whose lock expired (worker died) is claimable again.
 */
export function jobQueue(db: Kysely<Database>, engine: Engine, newId: () => string, now: () => Date, keys: PersonalDataKeys): JobQueue {
  return {
    async enqueue(job) {
      const row = jobRow(job, newId(), now().toISOString());
      row.payload = (await keys.keyring(db)).seal(row.payload as string, PAYLOAD, row.org_id);
      await db.insertInto('jobs').values(row).execute();
      return row.id;
    },
    async claim(workerId, limit, at, lockUntil) {
      // Jobs whose runner's lock lapsed first (a runner died: they waited longest), then the due queued ones. On
      // PostgreSQL, rows another runner is claiming are skipped, not waited for.
      const due = (qb: Kysely<Database>, status: 'running' | 'queued', n: number) => {
        const q = claimable(qb, status, at, n);
        return engine === 'postgres' ? q.forUpdate().skipLocked().execute() : q.execute();
      };
      await keys.ready();
      return db.transaction().execute(async (tx) => {
        const lapsed = await due(tx, 'running', limit);
        const candidates = lapsed.length < limit ? [...lapsed, ...(await due(tx, 'queued', limit - lapsed.length))] : lapsed;
        if (candidates.length === 0) return [];
        const rows = await tx
          .updateTable('jobs')
          .set({ status: 'running', locked_by: workerId, locked_until: lockUntil, attempts: sql`attempts + 1`, updated_at: at })
          .where('id', 'in', candidates.map((c) => c.id))
          .returningAll()
          .execute();
        return withKeys(keys, tx, (k) => rows.map(toJob(k)));
      });
    },
    async complete(id, result, at, orgId) {
      // The job's organisation as claimed (a job's org_id never changes), else read from its row.
      const sealed = (await keys.keyring(db)).seal(toJson(result), RESULT, orgId !== undefined ? orgId : await orgOfRow(db, 'jobs', id));
      await db.updateTable('jobs').set({ status: 'done', result: sealed, locked_by: null, locked_until: null, updated_at: at }).where('id', '=', id).execute();
    },
    async fail(id, error, retryAt, at, orgId) {
      const sealed = (await keys.keyring(db)).seal(error.slice(0, 2000), LAST_ERROR, orgId !== undefined ? orgId : await orgOfRow(db, 'jobs', id));
      await db
        .updateTable('jobs')
        .set({ status: retryAt ? 'queued' : 'failed', last_error: sealed, run_at: retryAt ?? at, locked_by: null, locked_until: null, updated_at: at })
        .where('id', '=', id)
        .execute();
    },
    async extendLock(id, workerId, lockUntil) {
      await db.updateTable('jobs').set({ locked_until: lockUntil }).where('id', '=', id).where('locked_by', '=', workerId).where('status', '=', 'running').execute();
    },
    async release(id, workerId, at) {
      await db
        .updateTable('jobs')
        .set({ status: 'queued', attempts: sql`attempts - 1`, locked_by: null, locked_until: null, updated_at: at })
        .where('id', '=', id)
        .where('locked_by', '=', workerId)
        .where('status', '=', 'running')
        .execute();
    },
    async get(id) {
      const r = await db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
      return r && withKeys(keys, db, (k) => toJob(k)(r));
    },
  };
}

export interface JobFailure { id: string; orgId: string | null; name: string; status: string; attempts: number; maxAttempts: number; lastError: string; updatedAt: string }

/** Jobs that failed for good or wait for a retry, newest first, their errors opened (for the operator: `laurel jobs failed`). */
export async function listJobFailures(db: Kysely<Database>, keys: PersonalDataKeys, limit: number): Promise<JobFailure[]> {
  const rows = await db
    .selectFrom('jobs')
    .select(['id', 'org_id', 'name', 'status', 'attempts', 'max_attempts', 'last_error', 'updated_at'])
    .where('last_error', 'is not', null)
    .where('status', 'in', ['queued', 'failed'])
    .orderBy('updated_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
  return withKeys(keys, db, (k) =>
    rows.map((r) => ({ id: r.id, orgId: r.org_id, name: r.name, status: r.status, attempts: r.attempts, maxAttempts: r.max_attempts, lastError: k.open(r.last_error!, LAST_ERROR), updatedAt: r.updated_at })),
  );
}
