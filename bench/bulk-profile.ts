/**
 * What a bulk award costs besides signing: one CSV through POST /api/v1/achievements/:id/bulk, awarded by the
 * `bulk.award` job and its parts on one job runner taking the server's JOB_CONCURRENCY jobs at once (or
 * BENCH_JOB_CONCURRENCY), with the **signing replaced in this harness only** by a copy
 * of one real signature's documents (same sizes, the credential's own id put in): what is left is the main
 * thread's work (building, sealing, blind indexes, SQL) and the database's. Prints CPU per award of the main
 * thread, the process's other threads and, on PostgreSQL, **only this run's backends** (found by their
 * `application_name`, so other work on the machine's PostgreSQL is not counted), and the WAL written while the
 * run went (`pg_current_wal_lsn`: the whole server's, an upper bound).
 *
 * On PostgreSQL the award e-mails' jobs are held aside while the awards run (a trigger of this harness), so the
 * bulk runner does not claim them; on SQLite they are claimed and failed (no handler), which counts in the figures.
 *
 * `BENCH_ENGINE=postgres|sqlite BENCH_ROWS=10000 node --conditions=source --import tsx bench/bulk-profile.ts`
 * `BENCH_DOCS=1|3` (documents stored per award, default 3), `BENCH_PROFILE=file.cpuprofile` (a V8 profile of the
 * main thread over the run, and its 30 heaviest functions by self time), `BENCH_EMAILS=1` (then the award e-mails, profiled instead of the awards:
 * the award e-mail jobs (a chunk's one `credential.issued.batch`) run to the outbox directory by one runner, JOB_CONCURRENCY at once, their CPU per e-mail).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../packages/server/src/adapters/http/app.js';
import { createJobRunner } from '../packages/server/src/adapters/jobs/job-runner.js';
import { ensureSchema, migrateToLatest, openStorage } from '../packages/server/src/adapters/storage/db.js';
import { jobHandlers } from '../packages/server/src/compose.js';
import type { CredentialDocument, SignInput } from '../packages/server/src/domain/credentials/ports.js';
import type { SignBatchInput } from '../packages/server/src/domain/bulk/ports.js';
import { cpuTimes, processMs } from './cpu.js';
import { benchDeps } from './issue-path.js';
import { benchJobConcurrency, bulkFixture, learnersCsv } from './bulk-setup.js';
import { printTop, type Profile } from './profile-top.js';

const engine = process.env.BENCH_ENGINE === 'sqlite' ? 'sqlite' : 'postgres';
const rows = Number(process.env.BENCH_ROWS ?? 5000);
const docs = Number(process.env.BENCH_DOCS ?? 3);
const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** BENCH_COUNT=1: every statement sent to PostgreSQL counted by its first words (harness only). */
const statements = new Map<string, number>();
if (process.env.BENCH_COUNT === '1') {
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text ?? '';
    const key = text.replace(/\s+/g, ' ').slice(0, 70);
    statements.set(key, (statements.get(key) ?? 0) + 1);
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
}
const printStatements = (label: string, per: number) => {
  if (process.env.BENCH_COUNT !== '1') return;
  const all = [...statements.entries()].sort((a, b) => b[1] - a[1]);
  console.log(`${label}: ${(all.reduce((s, [, n]) => s + n, 0) / per).toFixed(2)} statements each`);
  for (const [k, n] of all.slice(0, 25)) console.log(`  ${(n / per).toFixed(3)}  ${k}`);
  statements.clear();
};

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'laurel-bulk-profile-'));
  const schema = `laurel_bulkprof_${process.pid}`;
  const storage =
    engine === 'sqlite'
      ? openStorage({ sqliteFile: join(dir, 'laurel.db') })
      : openStorage({ databaseUrl, pgSchema: schema, poolSize: 10, pgSettings: { application_name: schema } });
  await ensureSchema(storage, engine === 'postgres' ? schema : undefined);
  await migrateToLatest(storage.db, engine === 'postgres' ? { schema } : {});
  if (engine === 'postgres') {
    // Harness only: the award e-mails' jobs are held (status 'held') as they are inserted, so the bulk job runner
    // (which has only the bulk handlers) neither claims nor fails them; BENCH_EMAILS=1 releases and runs them after.
    await sql`create function hold_award_mail() returns trigger language plpgsql as $$ begin if new.name in ('credential.issued', 'credential.issued.batch') then new.status := 'held'; end if; return new; end $$`.execute(storage.db);
    await sql`create trigger hold_award_mail before insert on jobs for each row execute function hold_award_mail()`.execute(storage.db);
  }
  const deps = benchDeps(storage, dir, { bodyLimitBytes: 16 * 1024 * 1024 });
  // The harness's stand-in for signing: the first credential is signed for real, the others get its documents
  // with their own id (the same sizes to store). Never in the product or its tests.
  const real = deps.credentialSigner;
  let template: { id: string; documents: CredentialDocument[] } | undefined;
  const copy = async (input: SignInput): Promise<CredentialDocument[]> => {
    template ??= { id: input.credential.id, documents: (await real.sign(input)).slice(0, docs) };
    const t = template;
    return t.documents.map((d) => ({ ...d, credentialId: input.credential.id, body: d.body.replaceAll(t.id, input.credential.id) }));
  };
  deps.credentialSigner = {
    sign: copy,
    signBatch: async ({ credentials, ...common }: SignBatchInput) => Promise.all(credentials.map((credential) => copy({ ...common, credential }))),
  } as typeof deps.credentialSigner;
  const app = await buildApp(deps, { logger: false });
  const handlers = jobHandlers(deps).filter((h) => h.name.startsWith('bulk.'));
  const runner = createJobRunner({ queue: deps.store.jobs, handlers, clock: deps.clock, pollMs: 20, workerId: 'bulk-profile', concurrency: benchJobConcurrency() });
  const backends = new Map<number, { from: number; to: number }>();
  const pollBackends = async () => {
    if (engine !== 'postgres') return;
    const found = await sql<{ pid: number }>`select pid from pg_stat_activity where application_name = ${schema}`.execute(storage.db);
    for (const { pid } of found.rows) {
      const ms = processMs(pid);
      const b = backends.get(pid);
      if (b) b.to = Math.max(b.to, ms);
      else backends.set(pid, { from: ms, to: ms });
    }
  };
  const walLsn = async () => (engine === 'postgres' ? (await sql<{ lsn: string }>`select pg_current_wal_lsn()::text as lsn`.execute(storage.db)).rows[0]!.lsn : '0/0');
  const lsnBytes = (lsn: string) => { const [hi, lo] = lsn.split('/'); return parseInt(hi!, 16) * 2 ** 32 + parseInt(lo!, 16); };
  try {
    const fixture = await bulkFixture(app);
    // Warm up: a small import (the template signature, JIT, the pool's connections).
    const warm = await fixture.startImport(learnersCsv(200, 'warm'));
    runner.start();
    await waitDone(storage, warm);
    const csv = learnersCsv(rows);

    const session = process.env.BENCH_PROFILE && process.env.BENCH_EMAILS !== '1' ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 200 });
      await session.post('Profiler.start');
    }
    await pollBackends();
    const wal0 = await walLsn();
    statements.clear();
    const from = cpuTimes();
    const started = performance.now();
    await waitDone(storage, await fixture.startImport(csv), pollBackends);
    const seconds = (performance.now() - started) / 1000;
    const to = cpuTimes();
    printStatements('award', rows);
    await pollBackends();
    const wal1 = await walLsn();
    if (session) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(process.env.BENCH_PROFILE!, JSON.stringify(profile));
      printTop(profile as unknown as Profile);
    }
    const pg = [...backends.values()].reduce((s, b) => s + b.to - b.from, 0);
    const per = (ms: number) => (ms / rows).toFixed(3);
    const n = await storage.db.selectFrom('credentials').select((eb) => eb.fn.countAll<number>().as('n')).where('achievement_id', '=', fixture.achievementId).executeTakeFirstOrThrow();
    if (process.env.BENCH_EMAILS === '1') {
      const mailer = createJobRunner({ queue: deps.store.jobs, handlers: jobHandlers(deps).filter((h) => h.name === 'credential.issued' || h.name === 'credential.issued.batch'), clock: deps.clock, pollMs: 20, workerId: 'bulk-profile-mail', concurrency: benchJobConcurrency() });
      const queued = async () => Number((await storage.db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n')).where('name', 'in', ['credential.issued', 'credential.issued.batch']).where('status', '=', 'queued').executeTakeFirstOrThrow()).n);
      await runner.stop();
      await sql`update jobs set status = 'queued' where status = 'held'`.execute(storage.db);
      // E-mails, not jobs (a chunk's awards share one): every credential of the achievement, the warm-up's too.
      const emails = Number(n.n);
      await pollBackends();
      const pgFrom = [...backends.values()].reduce((s, b) => s + b.to, 0);
      const mailFrom = cpuTimes();
      statements.clear();
      const t = performance.now();
      const mailSession = process.env.BENCH_PROFILE ? new Session() : undefined;
      if (mailSession) {
        mailSession.connect();
        await mailSession.post('Profiler.enable');
        await mailSession.post('Profiler.setSamplingInterval', { interval: 200 });
        await mailSession.post('Profiler.start');
      }
      mailer.start();
      for (let i = 0; (await queued()) > 0; i++) {
        if (i % 10 === 0) await pollBackends();
        await new Promise((r) => setTimeout(r, 50));
      }
      await mailer.stop();
      const mailTo = cpuTimes();
      if (mailSession) {
        const { profile } = await mailSession.post('Profiler.stop');
        writeFileSync(process.env.BENCH_PROFILE!, JSON.stringify(profile));
        printTop(profile as unknown as Profile);
      }
      await pollBackends();
      const pgTo = [...backends.values()].reduce((s, b) => s + b.to, 0);
      const perMail = (ms: number) => (ms / emails).toFixed(3);
      printStatements('e-mail', emails);
      console.log(`${emails} award e-mails: ${((performance.now() - t) / 1000).toFixed(1)} s; CPU ms/e-mail: main ${perMail(mailTo.main - mailFrom.main)}, other threads ${perMail(mailTo.process - mailFrom.process - (mailTo.main - mailFrom.main))}, postgres backends ${perMail(pgTo - pgFrom)}`);
    }
    console.log(
      `${engine} ${rows} rows, ${docs} docs: ${seconds.toFixed(1)} s; CPU ms/award: main ${per(to.main - from.main)}, other threads ${per(to.process - from.process - (to.main - from.main))}` +
        (engine === 'postgres' ? `, postgres backends ${per(pg)} (${backends.size}), WAL ${((lsnBytes(wal1) - lsnBytes(wal0)) / rows / 1024).toFixed(1)} KiB/award (server-wide)` : '') +
        `; credentials ${Number(n.n)}`,
    );
  } finally {
    if (process.env.BENCH_EMAILS !== '1') await runner.stop();
    await app.close();
    await deps.untrusted.close();
    if (engine === 'postgres' && process.env.BENCH_KEEP !== '1') await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(storage.db);
    await storage.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function waitDone(storage: ReturnType<typeof openStorage>, id: string, tick?: () => Promise<void>): Promise<void> {
  for (let i = 0; ; i++) {
    const row = await storage.db.selectFrom('bulk_imports').select(['status']).where('id', '=', id).executeTakeFirstOrThrow();
    if (row.status === 'done' || row.status === 'failed') return;
    if (tick && i % 10 === 0) await tick();
    await new Promise((r) => setTimeout(r, 50));
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
