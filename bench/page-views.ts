/**
 * Analytics overhead on the public credential page: the same GET /credentials/:id (inject, one credential,
 * 16 in flight) with the view recorded (a browser's user agent: counter, day-salted hash, rollup) and
 * without (the same request with `DNT: 1`, which records nothing). Recording is timed to its last write
 * (`settled()`), so the cost of the database writes is inside the measured time.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { buildApp } from '../packages/server/src/adapters/http/app.js';
import { processMs } from './cpu.js';
import { benchDeps, open } from './issue-path.js';

export interface PageViewsConfig {
  engine: 'sqlite' | 'postgres';
  databaseUrl?: string | undefined;
  iterations: number;
  warmup: number;
  concurrency: number;
}

/** Alternating rounds a side, so that neither side gets the warmer half of the run or a quieter moment of the machine. */
const ROUNDS = 6;
/** The recorder alone runs this many times a page round's views a round: its CPU per view is a few µs, to be seen above noise. */
const RECORDER_ROUND_FACTOR = 5;

/**
 * A process's CPU time so far (ms), to the nanosecond where Linux tells it (`/proc/<pid>/schedstat`, its main thread:
 * all of a PostgreSQL backend); `/proc/<pid>/stat`'s 10 ms ticks otherwise, too coarse for a round of a few ms.
 */
function preciseProcessMs(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return processMs(pid);
  }
}
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

export interface PageViewsResult {
  /** Views a second, each side (mean of the rounds). */
  recorded: number;
  unrecorded: number;
  /** 1 − recorded ÷ unrecorded views a second, in %: the median over pairs of rounds run back to back. */
  overheadPercent: number;
  /** CPU time per view, each side (µs): this process (all its threads) and, on PostgreSQL, its connections' server processes. */
  recordedCpuMicros: number;
  unrecordedCpuMicros: number;
  /** recorded ÷ unrecorded CPU per view − 1, in %: the median over pairs of rounds. */
  cpuOverheadPercent: number;
  /** CPU per view of the recorder alone (record, hash, write; no HTTP), µs, the median of its rounds: a new visitor each. */
  recorderCpuMicros: number;
  /** The same when every view is one of 50 visitors who come back. */
  returningCpuMicros: number;
  views: number;
}

export async function benchPageViews(config: PageViewsConfig): Promise<PageViewsResult> {
  const dir = mkdtempSync(join(tmpdir(), 'laurel-bench-views-'));
  const { storage, drop } = await open({ ...config, workers: 8 }, dir);
  const deps = benchDeps(storage, dir);
  const app = await buildApp(deps, { logger: false });
  try {
    const setup = await app.inject({ method: 'POST', url: '/api/v1/setup', payload: { organisationName: 'Bench University', email: 'owner@bench.example', password: 'a long enough password' } });
    const headers = { authorization: `Bearer ${setup.json<{ apiKey: string }>().apiKey}` };
    const post = async (url: string, payload: object) => app.inject({ method: 'POST', url, headers, payload });
    const issuer = (await post('/api/v1/issuers', { name: 'Bench Badges', url: 'https://bench.example', email: 'badges@bench.example' })).json<{ id: string }>();
    const achievement = (await post('/api/v1/achievements', { issuerId: issuer.id, kind: 'badge', name: 'Benchmarked', description: 'Measured.', criteria: { narrative: 'Be measured.' } })).json<{ id: string }>();
    const issued = await post('/api/v1/credentials', { achievementId: achievement.id, recipient: { email: 'ada@bench.example' } });
    if (issued.statusCode !== 201) throw new Error(`issue answered ${issued.statusCode}: ${issued.body}`);
    const credential = issued.json<{ id: string }>();
    let address = 0;
    // PostgreSQL's own work for this app: the CPU time of its connections' server processes (local PostgreSQL, Linux),
    // those alive at both ends of a round (the pool may close one meanwhile).
    let backends: number[] = [];
    const backendsCpu = (): Map<number, number> => new Map(backends.map((pid) => [pid, preciseProcessMs(pid)]));
    const backendsMsSince = (from: Map<number, number>): number => {
      let ms = 0;
      for (const [pid, before] of from) {
        const after = preciseProcessMs(pid);
        if (before > 0 && after >= before) ms += after - before;
      }
      return ms;
    };
    const findBackends = async (): Promise<void> => {
      if (storage.engine !== 'postgres') return;
      backends = (await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database() and usename = current_user and backend_type = 'client backend'`.execute(storage.db)).rows.map((r) => r.pid);
    };
    // Every view from an address not seen before (24 bits of one counter: 16 million of them).
    const nextAddress = (): string => {
      const a = address++;
      return `10.${(a >> 16) & 255}.${(a >> 8) & 255}.${a & 255}`;
    };
    const view = (dnt: boolean) => app.inject({ method: 'GET', url: `/credentials/${credential.id}`, headers: { 'user-agent': BROWSER, accept: 'text/html', ...(dnt ? { dnt: '1' } : {}) }, remoteAddress: nextAddress() });
    const run = async (count: number, dnt: boolean): Promise<{ perSecond: number; cpuMicros: number }> => {
      await findBackends();
      let next = 0;
      const started = performance.now();
      const cpuFrom = process.cpuUsage();
      const pgFrom = backendsCpu();
      await Promise.all(Array.from({ length: config.concurrency }, async () => {
        while (next++ < count) {
          const res = await view(dnt);
          if (res.statusCode !== 200) throw new Error(`page answered ${res.statusCode}`);
        }
      }));
      await deps.analytics.settled();
      const cpu = process.cpuUsage(cpuFrom);
      return { perSecond: count / ((performance.now() - started) / 1000), cpuMicros: (cpu.user + cpu.system + backendsMsSince(pgFrom) * 1000) / count };
    };
    await run(config.warmup, true);
    await run(config.warmup, false);
    // Pairs of rounds, each side first in turn, so that neither gets the warmer half of the run; the overhead is the
    // median of the pairs' own ratios (the machine's load drifts between pairs more than within one).
    const recorded: Array<{ perSecond: number; cpuMicros: number }> = [];
    const unrecorded: Array<{ perSecond: number; cpuMicros: number }> = [];
    const perRound = Math.ceil(config.iterations / ROUNDS);
    for (let round = 0; round < ROUNDS; round++) {
      if (round % 2 === 0) {
        unrecorded.push(await run(perRound, true));
        recorded.push(await run(perRound, false));
      } else {
        recorded.push(await run(perRound, false));
        unrecorded.push(await run(perRound, true));
      }
    }
    // The recorder alone, without HTTP: the same views (a new visitor each) recorded and written, its CPU per view
    // (this process and PostgreSQL's connections) against the page's own without recording. The least noisy figure on
    // a loaded machine: no request machinery around it.
    const found = (await deps.store.credentials.findPublic(credential.id))!;
    const ref = { id: found.id, orgId: found.orgId, issuerId: found.issuerId, achievementId: found.achievementId };
    const recorderOnly: number[] = [];
    const recorderRound = perRound * RECORDER_ROUND_FACTOR;
    for (let round = 0; round < ROUNDS; round++) {
      const count = recorderRound;
      await findBackends();
      const cpuFrom = process.cpuUsage();
      const pgFrom = backendsCpu();
      for (let i = 0; i < count; i++) deps.analytics.record({ credential: ref, metric: 'viewed', browser: true, signal: { userAgent: BROWSER, address: nextAddress() } });
      await deps.analytics.settled();
      const cpu = process.cpuUsage(cpuFrom);
      recorderOnly.push((cpu.user + cpu.system + backendsMsSince(pgFrom) * 1000) / count);
    }
    // The same with visitors who come back within the day (50 of them, each view one of those): nothing new to write.
    const returning: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      await findBackends();
      const cpuFrom = process.cpuUsage();
      const pgFrom = backendsCpu();
      for (let i = 0; i < recorderRound; i++) deps.analytics.record({ credential: ref, metric: 'viewed', browser: true, signal: { userAgent: BROWSER, address: `192.168.0.${i % 50}` } });
      await deps.analytics.settled();
      const cpu = process.cpuUsage(cpuFrom);
      returning.push((cpu.user + cpu.system + backendsMsSince(pgFrom) * 1000) / recorderRound);
    }
    const total = await deps.store.analytics.totals({ orgId: (await deps.store.credentials.findPublic(credential.id))!.orgId, from: '2000-01-01', to: '2999-12-31' }, ['viewed']);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const median = (xs: number[]) => {
      const sorted = [...xs].sort((a, b) => a - b);
      return (sorted[(sorted.length - 1) >> 1]! + sorted[sorted.length >> 1]!) / 2;
    };
    return {
      recorded: mean(recorded.map((r) => r.perSecond)),
      unrecorded: mean(unrecorded.map((r) => r.perSecond)),
      overheadPercent: median(recorded.map((r, i) => (1 - r.perSecond / unrecorded[i]!.perSecond) * 100)),
      recordedCpuMicros: mean(recorded.map((r) => r.cpuMicros)),
      unrecordedCpuMicros: mean(unrecorded.map((r) => r.cpuMicros)),
      cpuOverheadPercent: median(recorded.map((r, i) => (r.cpuMicros / unrecorded[i]!.cpuMicros - 1) * 100)),
      recorderCpuMicros: median(recorderOnly),
      returningCpuMicros: median(returning),
      views: total.reduce((s, r) => s + r.count, 0),
    };
  } finally {
    await app.close();
    await drop();
  }
}

// `node --conditions=source --import tsx bench/page-views.ts`: this row alone, on SQLite (BENCH_DATABASE_URL: PostgreSQL);
// BENCH_ITERATIONS (default 6000) views a side, BENCH_RUNS (default 1) runs.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const engine = process.env.BENCH_DATABASE_URL ? ({ engine: 'postgres', databaseUrl: process.env.BENCH_DATABASE_URL } as const) : ({ engine: 'sqlite' } as const);
  const iterations = Number(process.env.BENCH_ITERATIONS ?? 6000);
  for (let run = 0; run < Number(process.env.BENCH_RUNS ?? 1); run++) {
    const r = await benchPageViews({ ...engine, iterations, warmup: Math.round(iterations / 15), concurrency: 16 });
    console.log(
      `${engine.engine}: recorded ${r.recorded.toFixed(0)}/s, not recorded ${r.unrecorded.toFixed(0)}/s, overhead ${r.overheadPercent.toFixed(1)}%;`,
      `CPU ${r.recordedCpuMicros.toFixed(0)} vs ${r.unrecordedCpuMicros.toFixed(0)} µs/view, overhead ${r.cpuOverheadPercent.toFixed(1)}%;`,
      `recorder alone ${r.recorderCpuMicros.toFixed(1)} µs/view = ${((r.recorderCpuMicros / r.unrecordedCpuMicros) * 100).toFixed(1)}% of a page`,
      `(returning visitors ${r.returningCpuMicros.toFixed(1)} µs/view = ${((r.returningCpuMicros / r.unrecordedCpuMicros) * 100).toFixed(1)}%); ${r.views} views counted`,
    );
  }
  process.exit(0);
}
