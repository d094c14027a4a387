import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompiledQuery, sql } from 'kysely';
import { ENGINES, createTestApp, type TestContext } from '../../../../test/support/test-app.js';
import { claimable } from './jobs.repo.js';

/**
 * The job queue's claim: what it takes and in which order, and (PostgreSQL) that it reads `jobs_ready` as an ordered
 * index scan however many finished jobs the table holds, not a scan of them (docs/performance.md).
 */
describe.each(ENGINES)('claiming jobs (%s)', (engine) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp(engine);
  });
  afterAll(async () => ctx?.close());

  it('takes the jobs whose lock lapsed first, then the due queued ones oldest first; never a job not yet due or still locked', async () => {
    const { jobs } = ctx.deps.store;
    const db = ctx.storage.db;
    const at = '2030-01-01T00:10:00.000Z';
    const ids = {
      early: await jobs.enqueue({ name: 'test.claim', payload: { n: 1 }, runAt: '2030-01-01T00:01:00.000Z' }),
      later: await jobs.enqueue({ name: 'test.claim', payload: { n: 2 }, runAt: '2030-01-01T00:05:00.000Z' }),
      notYet: await jobs.enqueue({ name: 'test.claim', payload: { n: 3 }, runAt: '2030-01-01T00:20:00.000Z' }),
      lapsed: await jobs.enqueue({ name: 'test.claim', payload: { n: 4 }, runAt: '2030-01-01T00:08:00.000Z' }),
      held: await jobs.enqueue({ name: 'test.claim', payload: { n: 5 }, runAt: '2030-01-01T00:00:30.000Z' }),
    };
    await db.updateTable('jobs').set({ status: 'running', locked_by: 'dead', locked_until: '2030-01-01T00:09:00.000Z' }).where('id', '=', ids.lapsed).execute();
    await db.updateTable('jobs').set({ status: 'running', locked_by: 'alive', locked_until: '2030-01-01T00:30:00.000Z' }).where('id', '=', ids.held).execute();
    const first = await jobs.claim('w1', 2, at, '2030-01-01T00:11:00.000Z');
    expect(first.map((j) => j.id).sort()).toEqual([ids.lapsed, ids.early].sort());
    const second = await jobs.claim('w2', 5, at, '2030-01-01T00:11:00.000Z');
    expect(second.map((j) => j.id)).toEqual([ids.later]);
    expect((await jobs.get(ids.notYet))?.status).toBe('queued');
    expect((await jobs.get(ids.held))?.status).toBe('running');
  });

  it.runIf(engine === 'postgres')('reads an ordered index scan that stops at the limit, not the finished jobs, with 20,000 of them in the table', async () => {
    const db = ctx.storage.db;
    await sql`insert into jobs (id, org_id, name, payload, status, run_at, created_at, updated_at)
      select 'done-' || g, null, 'test.done', '{}', 'done', '2029-01-01T00:00:00.000Z', '2029-01-01T00:00:00.000Z', '2029-01-01T00:00:00.000Z'
      from generate_series(1, 20000) g`.execute(db);
    await sql`analyze jobs`.execute(db);
    for (const status of ['queued', 'running'] as const) {
      const query = claimable(db, status, '2030-01-01T00:10:00.000Z', 4).forUpdate().skipLocked().compile();
      // Its parameters bound as a claim binds them (an unnamed statement: planned with their values).
      const { rows } = await db.transaction().execute((tx) => tx.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters])));
      const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(plan, plan).toMatch(/Limit[\s\S]*Index Scan using jobs_ready on jobs/);
      expect(plan, plan).not.toMatch(/Seq Scan|Bitmap|Sort/);
    }
  });
});

