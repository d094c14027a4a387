/**
 * Bulk awards on PostgreSQL: one CSV of `rows` rows through POST /api/v1/achievements/:id/bulk (inject),
 * awarded by the durable `bulk.award` job and its part jobs run by `runners` job runners (as instances
 * would), a chunk of rows per transaction, each row with everything the issue path stores (the OB 3.0
 * signed form, status index, idempotency key, audit, history, the award e-mail's job), committed before it counts. Measures awards per second from the POST
 * to the import's `done`, and checks none is lost or doubled. The award e-mails are left queued.
 *
 * Alone: `BENCH_ROWS=10000 node --conditions=source --import tsx bench/bulk-award.ts`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../packages/server/src/adapters/http/app.js';
import { createJobRunner } from '../packages/server/src/adapters/jobs/job-runner.js';
import { createSigningPool, type SigningPool } from '../packages/server/src/adapters/signing-pool/pool.js';
import { jobHandlers } from '../packages/server/src/compose.js';
import { cpuTimes, describeCpu, type CpuTimes } from './cpu.js';
import { benchDeps, open } from './issue-path.js';
import { benchJobConcurrency, bulkFixture, learnersCsv } from './bulk-setup.js';

export interface BulkAwardConfig {
  databaseUrl: string;
  rows: number;
  /** Signing worker threads (0: in-process). */
  workers: number;
  /** Job runners polling the same jobs table. */
  runners: number;
  /** Jobs each runner takes at once (default: the server's JOB_CONCURRENCY, or BENCH_JOB_CONCURRENCY). */
  jobConcurrency?: number | undefined;
}

export interface BulkAwardResult {
  perSecond: number;
  seconds: number;
  lost: number;
  doubled: number;
  cpu?: string | undefined;
  /** Jobs each runner took at once. */
  jobConcurrency: number;
}

export async function benchBulkAward(config: BulkAwardConfig): Promise<BulkAwardResult> {
  const dir = mkdtempSync(join(tmpdir(), 'laurel-bench-bulk-'));
  // `workers` only names the PostgreSQL schema: one of its own.
  const { storage, drop } = await open({ engine: 'postgres', databaseUrl: config.databaseUrl, workers: 20 + config.workers }, dir);
  let pool: SigningPool | undefined;
  const deps = benchDeps(storage, dir, { bodyLimitBytes: 8 * 1024 * 1024, ...(config.workers > 0 ? { makeCredentialSigner: (parts) => (pool = createSigningPool({ workers: config.workers, ...parts })) } : {}) });
  const app = await buildApp(deps, { logger: false });
  const handlers = jobHandlers(deps).filter((h) => h.name.startsWith('bulk.'));
  // Jobs each runner takes at once: as a server does (JOB_CONCURRENCY: parts side by side), unless told otherwise.
  const jobConcurrency = config.jobConcurrency ?? benchJobConcurrency();
  const runners = Array.from({ length: config.runners }, (_, i) => createJobRunner({ queue: deps.store.jobs, handlers, clock: deps.clock, pollMs: 20, workerId: `bench-bulk-${i}`, concurrency: jobConcurrency }));
  try {
    const fixture = await bulkFixture(app);
    const csv = learnersCsv(config.rows);

    let cpuFrom: CpuTimes | undefined = process.env.BENCH_CPU === '1' ? cpuTimes() : undefined;
    const started = performance.now();
    for (const r of runners) r.start();
    const id = await fixture.startImport(csv);
    for (;;) {
      const row = await storage.db.selectFrom('bulk_imports').select(['status', 'processed']).where('id', '=', id).executeTakeFirstOrThrow();
      if (row.status === 'done' || row.status === 'failed') break;
      if (process.env.BENCH_PROGRESS === '1') console.log(`  ${((performance.now() - started) / 1000).toFixed(1)} s: ${row.processed}`);
      await new Promise((r) => setTimeout(r, process.env.BENCH_PROGRESS === '1' ? 2000 : 50));
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = cpuFrom ? describeCpu(cpuFrom, cpuTimes(), config.rows) : undefined;
    cpuFrom = undefined;
    const counts = await storage.db
      .selectFrom('credentials')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.count<number>('status_index').distinct().as('indexes')])
      .where('achievement_id', '=', fixture.achievementId)
      .executeTakeFirstOrThrow();
    const n = Number(counts.n);
    return { perSecond: config.rows / seconds, seconds, lost: Math.max(0, config.rows - n), doubled: Math.max(0, n - config.rows) + (n - Number(counts.indexes)), cpu, jobConcurrency };
  } finally {
    await Promise.all(runners.map((r) => r.stop()));
    await pool?.close();
    await app.close();
    await deps.untrusted.close();
    await drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

// Run alone: `node --conditions=source --import tsx bench/bulk-award.ts`.
if (import.meta.url === `file://${process.argv[1]}`) {
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const rows = Number(process.env.BENCH_ROWS ?? 2000);
  const workers = Number(process.env.BENCH_WORKERS ?? 2);
  const runners = Number(process.env.BENCH_RUNNERS ?? 1);
  benchBulkAward({ databaseUrl, rows, workers, runners }).then(
    (r) => {
      console.log(`${rows} rows, ${workers} signing workers, ${runners} runners of ${r.jobConcurrency} jobs at once: ${r.seconds.toFixed(1)} s, ${r.perSecond.toFixed(0)} awards/s; lost ${r.lost}, doubled ${r.doubled}${r.cpu ? `; ${r.cpu}` : ''}`);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
