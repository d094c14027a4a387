/**
 * CPU per award e-mail of a bulk import, A/B in one process, rounds interleaved: the same chunk's awards e-mailed
 * (a) one `credential.issued` job per award, as before (the chunk's batch job replaced, in this harness only, by one
 * job per credential), and (b) the chunk's one `credential.issued.batch` job (one SMTP connection, one read of the
 * credentials). The messages go to a real SMTP server (smtp-server) in a worker thread, so its CPU is not the main
 * thread's. Counted: the main thread, and only this run's PostgreSQL backends (by `application_name`).
 *
 * `BENCH_ROWS=1500 BENCH_ROUNDS=2 node --conditions=source --import tsx bench/bulk-emails.ts`
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Session } from 'node:inspector/promises';
import { sql } from 'kysely';
import { buildApp } from '../packages/server/src/adapters/http/app.js';
import { createJobRunner } from '../packages/server/src/adapters/jobs/job-runner.js';
import { createMailer } from '../packages/server/src/adapters/mail/mailer.js';
import { ensureSchema, migrateToLatest, openStorage } from '../packages/server/src/adapters/storage/db.js';
import { jobHandlers } from '../packages/server/src/compose.js';
import { runBulkImport } from '../packages/server/src/domain/bulk/run-bulk-import.js';
import { AWARD_EMAILS_JOB } from '../packages/server/src/domain/notifications/award-emails-job.js';
import { benchJobConcurrency, bulkFixture, learnersCsv } from './bulk-setup.js';
import { processMs } from './cpu.js';
import { benchDeps } from './issue-path.js';
import { printTop, type Profile } from './profile-top.js';

const rows = Number(process.env.BENCH_ROWS ?? 1500);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const MAIL_JOBS = ['credential.issued', AWARD_EMAILS_JOB];

/** An SMTP sink on a worker thread; resolves with its URL and a way to read how many messages it took. */
async function startSink(): Promise<{ url: string; received(): Promise<number>; close(): Promise<void> }> {
  const worker = new Worker(
    `const { parentPort } = require('node:worker_threads');
     const { SMTPServer } = require(${JSON.stringify(createRequire(import.meta.url).resolve('smtp-server'))});
     let received = 0;
     const server = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
       onData(stream, _s, cb) { stream.on('data', () => {}); stream.on('end', () => { received++; cb(); }); } });
     server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.server.address().port }));
     parentPort.on('message', () => parentPort.postMessage({ received }));`,
    { eval: true },
  );
  const next = () => new Promise<{ port?: number; received?: number }>((resolve) => worker.once('message', resolve));
  const { port } = await next();
  return {
    url: `smtp://127.0.0.1:${port}`,
    async received() {
      const reply = next();
      worker.postMessage('count');
      return (await reply).received!;
    },
    close: async () => void (await worker.terminate()),
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'laurel-bulk-emails-'));
  const schema = `laurel_bulkmail_${process.pid}`;
  const storage = openStorage({ databaseUrl, pgSchema: schema, poolSize: 10, pgSettings: { application_name: schema } });
  await ensureSchema(storage, schema);
  await migrateToLatest(storage.db, { schema });
  // Harness only: the mail jobs are held as they are inserted; each round releases its own import's.
  await sql`create function hold_award_mail() returns trigger language plpgsql as $$ begin if new.name in ('credential.issued', 'credential.issued.batch') then new.status := 'held'; end if; return new; end $$`.execute(storage.db);
  await sql`create trigger hold_award_mail before insert on jobs for each row execute function hold_award_mail()`.execute(storage.db);
  const sink = await startSink();
  const deps = benchDeps(storage, dir, { bodyLimitBytes: 16 * 1024 * 1024, mailer: createMailer({ smtpUrl: sink.url, outboxDir: dir, from: 'Laurel <bench@laurel.test>' }).mailer });
  const app = await buildApp(deps, { logger: false });
  const handlers = jobHandlers(deps).filter((h) => MAIL_JOBS.includes(h.name));
  // This run's backends, each followed from when it was first seen (a backend born during a round counts from 0,
  // one that ends keeps its last reading): polled during a round, as the pool opens and closes connections.
  const backends = new Map<number, { from: number; last: number }>();
  const pollBackends = async (bornNow: boolean) => {
    const found = await sql<{ pid: number }>`select pid from pg_stat_activity where application_name = ${schema}`.execute(storage.db);
    for (const { pid } of found.rows) {
      const ms = processMs(pid);
      const b = backends.get(pid);
      if (b) b.last = Math.max(b.last, ms);
      else backends.set(pid, { from: bornNow ? ms : 0, last: ms });
    }
  };
  const backendsMs = async (start: boolean) => {
    if (start) backends.clear();
    await pollBackends(start);
    return [...backends.values()].reduce((s, b) => s + b.last - b.from, 0);
  };
  const mainMs = () => {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  };
  try {
    const fixture = await bulkFixture(app);
    const results: Record<'per-award' | 'batch', { main: number; pg: number; mails: number; seconds: number }> = { 'per-award': { main: 0, pg: 0, mails: 0, seconds: 0 }, batch: { main: 0, pg: 0, mails: 0, seconds: 0 } };
    const modes: Array<'per-award' | 'batch'> = [];
    for (let r = 0; r < rounds; r++) modes.push(...(r % 2 === 0 ? (['per-award', 'batch'] as const) : (['batch', 'per-award'] as const)));
    // BENCH_PROFILE=per-award|batch: the main thread's heaviest functions (self time) over that mode's rounds.
    const profiled = process.env.BENCH_PROFILE;
    const session = profiled ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 200 });
    }
    for (const [n, mode] of modes.entries()) {
      const importId = await fixture.startImport(learnersCsv(rows, `r${n}`));
      await runBulkImport(deps, { importId, role: 'owner', partRows: rows + 1 });
      // Awarded here, not by its job: the job goes (the mail runner would claim it and find no handler).
      await storage.db.deleteFrom('jobs').where('name', 'like', 'bulk.%').execute();
      // The batch jobs this import's chunks queued (held); per-award: each replaced by one job a credential, as before.
      const held = await storage.db.selectFrom('jobs').select('id').where('status', '=', 'held').execute();
      if (mode === 'per-award') {
        for (const { id } of held) {
          const job = (await deps.store.jobs.get(id))!;
          for (const credentialId of job.payload.credentialIds as string[]) await deps.store.jobs.enqueue({ name: 'credential.issued', orgId: job.orgId, payload: { credentialId } });
        }
        await storage.db.deleteFrom('jobs').where('id', 'in', held.map((h) => h.id)).execute();
      } else {
        await storage.db.updateTable('jobs').set({ status: 'queued' }).where('id', 'in', held.map((h) => h.id)).execute();
      }
      await storage.db.updateTable('jobs').set({ status: 'queued' }).where('status', '=', 'held').execute();
      const sent0 = await sink.received();
      const runner = createJobRunner({ queue: deps.store.jobs, handlers, clock: deps.clock, pollMs: 20, workerId: `mail-${n}`, concurrency: benchJobConcurrency() });
      await backendsMs(true);
      const main0 = mainMs();
      const t = performance.now();
      if (session && mode === profiled) await session.post('Profiler.start');
      runner.start();
      for (;;) {
        const left = Number((await storage.db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n')).where('name', 'in', MAIL_JOBS).where('status', 'in', ['queued', 'running']).executeTakeFirstOrThrow()).n);
        if (left === 0) break;
        await pollBackends(false);
        await new Promise((res) => setTimeout(res, 50));
      }
      await runner.stop();
      if (session && mode === profiled) printTop((await session.post('Profiler.stop')).profile as unknown as Profile);
      const seconds = (performance.now() - t) / 1000;
      const main = mainMs() - main0;
      const pg = await backendsMs(false);
      const mails = (await sink.received()) - sent0;
      const failed = Number((await storage.db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n')).where('name', 'in', MAIL_JOBS).where('status', '=', 'failed').executeTakeFirstOrThrow()).n);
      if (mails !== rows || failed > 0) throw new Error(`${mode}: ${mails} e-mails for ${rows} awards, ${failed} failed jobs`);
      console.log(`round ${n + 1} ${mode}: ${mails} e-mails in ${seconds.toFixed(1)} s; CPU ms/e-mail main ${(main / mails).toFixed(2)}, postgres ${(pg / mails).toFixed(2)}`);
      const acc = results[mode];
      acc.main += main;
      acc.pg += pg;
      acc.mails += mails;
      acc.seconds += seconds;
    }
    for (const [mode, r] of Object.entries(results)) {
      console.log(`${mode}: ${r.mails} e-mails, ${(r.mails / r.seconds).toFixed(0)}/s; CPU ms/e-mail main ${(r.main / r.mails).toFixed(2)}, postgres backends ${(r.pg / r.mails).toFixed(2)}`);
    }
  } finally {
    await app.close();
    await deps.untrusted.close();
    await sink.close();
    await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(storage.db);
    await storage.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
