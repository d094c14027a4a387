/**
 * Analytics overhead on the public credential page: the same GET /credentials/:id (inject, one credential, cached,
 * 16 in flight, every view from an address not seen before: the worst case, a new visitor each) with the view
 * recorded (a browser's user agent: counter, day-salted visitor hash, rollup, and their write) and not (the same
 * request with `DNT: 1`, which records nothing; the recorded side sends `DNT: 0`, the same headers otherwise).
 *
 * The method, so that a few percent can be seen on a loaded machine (docs/performance.md, "page views"):
 * - Three arms: `recorded`, `control` (DNT) and `twin` (DNT again: an A/A control, measured exactly like the real
 *   comparison). recorded ÷ control − 1 is the overhead; twin ÷ control − 1 is what the method reports when there is
 *   nothing to find: its noise floor, printed next to it in the same run.
 * - Many short rounds (default 400 views) in blocks of one round per arm; the blocks go through the six orders of
 *   the three arms in turn, so that every arm is first, second and third equally often. Each block gives its own
 *   ratios (the machine's load drifts between blocks more than within one); the figure is their geometric mean (the
 *   mean of their logarithms: a plain mean of ratios reads a few points high even for identical arms) with a 95%
 *   interval, and their median. How much a round's place in its block weighs (order bias) is printed: near 0.
 * - CPU time per view is the primary figure: this process (all its threads: the collector's helpers too) and, on
 *   PostgreSQL, its connections' server processes. Views a second are printed too but follow the machine's load.
 * - Each request starts in its own turn of the event loop (as a server's requests come, from their sockets). Inject
 *   of a cached page never leaves the microtask queue: without this a whole round ran in one turn, and what every
 *   request leaves for the next turn piled up until the round's end, or the next arm's (the earlier bench's swings).
 * - Garbage: a full collection before every round, outside the measure, starts every arm from the same heap (the
 *   page promotes some 24 KB a view, so a major collection would otherwise fall in some round of any arm); a scavenge
 *   inside the measure closes the round, so each arm pays for its own young garbage. What each arm leaves in the old
 *   generation per view is printed (the recorded arm should leave no more than the others).
 * - The recorded arm writes what it counted as the recorder does in service, about once a second at full speed:
 *   when its own rounds have taken a second since its last write (and at the last block), inside that round. Writing
 *   every round would charge a write's fixed cost (a transaction, ~1 ms) to a few hundred views instead of a second's.
 *   The bench's recorder has no timer of its own, so no write ever falls in another arm's round.
 * - Two blocks first, unmeasured, warm the JIT and the caches; the day's salt is read then.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { sql } from 'kysely';
import { buildApp } from '../packages/server/src/adapters/http/app.js';
import type { Storage } from '../packages/server/src/adapters/storage/db.js';
import { createEngagementRecorder } from '../packages/server/src/domain/analytics/record-engagement.js';
import { type Arm, type ArmRound, type ArmsResult, armMeans, FLUSH_MS, median, MIN_BLOCKS, runBlocks, summariseArms, pct } from './arms.js';
import { processMs } from './cpu.js';
import { issueOne } from './issue-fixture.js';
import { benchDeps, open } from './issue-path.js';

export interface PageViewsConfig {
  engine: 'sqlite' | 'postgres';
  databaseUrl?: string | undefined;
  /** Views per arm (each of recorded, control, twin), in rounds of `roundViews`. */
  iterations: number;
  concurrency: number;
  /** Views a round (default 400). */
  roundViews?: number | undefined;
}

/** The recorder alone: rounds of this many views (a few µs each: long enough to be seen above the clock). */
const RECORDER_ROUNDS = 6;
const RECORDER_ROUND_VIEWS = 5000;

/**
 * A process's CPU time so far (ms), to the nanosecond where Linux tells it (`/proc/<pid>/schedstat`, its main thread:
 * all of a PostgreSQL backend); `/proc/<pid>/stat`'s 10 ms ticks otherwise, too coarse for a round of a few ms.
 */
export function preciseProcessMs(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return processMs(pid);
  }
}

export type Gc = (options?: { type: 'major' | 'minor' }) => void;
/** A garbage collection now (full, or a scavenge): `global.gc` under `node --expose-gc`, else the same enabled at run time. */
export function gcFunction(): Gc {
  const exposed = (globalThis as { gc?: Gc }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as Gc;
}
export const oldSpaceBytes = (): number => getHeapSpaceStatistics().find((s) => s.space_name === 'old_space')?.space_used_size ?? 0;

interface Round extends ArmRound {
  promotedBytes: number;
}

export const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

export interface PageViewsResult extends ArmsResult {
  /**
   * Bytes per view left in the old generation when a round ends (after its closing scavenge), each arm's mean: what
   * the round promoted, live or garbage, that a later full collection (not inside the measure) walks or frees.
   */
  promotedBytes: Record<Arm, number>;
  /** CPU per view of the recorder alone (record, hash, write; no HTTP), µs, the median of its rounds: a new visitor each. */
  recorderCpuMicros: number;
  /** The same when every view is one of 50 visitors who come back. */
  returningCpuMicros: number;
  views: number;
}

/**
 * PostgreSQL's own work for this app: the CPU time of its connections' server processes (local PostgreSQL, Linux),
 * those alive at both ends of a round (the pool may close one meanwhile), found by their application name. Nothing on SQLite.
 */
export function backendMeter(storage: Storage, application: string) {
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
    backends = (await sql<{ pid: number }>`select pid from pg_stat_activity where application_name = ${application} and backend_type = 'client backend'`.execute(storage.db)).rows.map((r) => r.pid);
  };
  return { findBackends, backendsCpu, backendsMsSince };
}

export async function benchPageViews(config: PageViewsConfig): Promise<PageViewsResult> {
  const gc = gcFunction();
  const roundViews = config.roundViews ?? 400;
  const blocks = Math.max(MIN_BLOCKS, Math.ceil(config.iterations / roundViews));
  const dir = mkdtempSync(join(tmpdir(), 'laurel-bench-views-'));
  // Its connections named, so that PostgreSQL's CPU counted is theirs alone (other clients of the same database and
  // user, on a shared machine, are not this bench's).
  const application = `laurel-bench-views-${process.pid}`;
  const databaseUrl = config.databaseUrl && `${config.databaseUrl}${config.databaseUrl.includes('?') ? '&' : '?'}application_name=${application}`;
  const { storage, drop } = await open({ ...config, databaseUrl, workers: 8 }, dir);
  // The app's recorder, but written only when the bench says (its own timer would fire in any arm's round).
  const composed = benchDeps(storage, dir);
  const deps = { ...composed, analytics: createEngagementRecorder({ store: composed.store, clock: composed.clock, flushMs: 3_600_000 }) };
  const app = await buildApp(deps, { logger: false });
  try {
    const credential = await issueOne(app);
    let address = 0;
    const { findBackends, backendsCpu, backendsMsSince } = backendMeter(storage, application);
    // Every view from an address not seen before (24 bits of one counter: 16 million of them), whatever its arm.
    const nextAddress = (): string => {
      const a = address++;
      return `10.${(a >> 16) & 255}.${(a >> 8) & 255}.${a & 255}`;
    };
    // The same headers for every arm but DNT (the same number of them: `dnt: 0` is not an opt-out).
    const url = `/credentials/${credential.id}`;
    const view = (dnt: boolean) => app.inject({ method: 'GET', url, headers: { 'user-agent': BROWSER, accept: 'text/html', dnt: dnt ? '1' : '0' }, remoteAddress: nextAddress() });
    // Each request in its own turn of the event loop, as a server's requests come (each from its socket): a cached page
    // answered by inject never leaves the microtask queue, so a whole round would otherwise run in one turn, and what
    // requests leave for the next turn (fastify's and light-my-request's deferred work) would pile up to its end.
    const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
    // The recorded arm writes what it counted as the recorder does in service, about once a second at full speed: when
    // its rounds have taken FLUSH_MS since its last write (or at the last block), inside that round's measure.
    let sinceWrite = 0;
    const round = async (arm: Arm, last = false): Promise<Round> => {
      const dnt = arm !== 'recorded';
      await findBackends();
      gc();
      const oldFrom = oldSpaceBytes();
      let next = 0;
      const started = performance.now();
      const cpuFrom = process.cpuUsage();
      const pgFrom = backendsCpu();
      await Promise.all(Array.from({ length: config.concurrency }, async () => {
        while (next++ < roundViews) {
          await turn();
          const res = await view(dnt);
          if (res.statusCode !== 200) throw new Error(`page answered ${res.statusCode}`);
        }
      }));
      if (arm === 'recorded') {
        sinceWrite += performance.now() - started;
        if (sinceWrite >= FLUSH_MS || last) {
          await deps.analytics.settled();
          sinceWrite = 0;
        }
      }
      await turn();
      gc({ type: 'minor' });
      const cpu = process.cpuUsage(cpuFrom);
      const pgMs = backendsMsSince(pgFrom);
      const elapsed = performance.now() - started;
      return { perSecond: roundViews / (elapsed / 1000), cpuMicros: (cpu.user + cpu.system + pgMs * 1000) / roundViews, pgMicros: (pgMs * 1000) / roundViews, promotedBytes: (oldSpaceBytes() - oldFrom) / roundViews };
    };
    const { measured, positionBias } = await runBlocks(blocks, round);

    // The recorder alone, without HTTP: the same views (a new visitor each) recorded and written, its CPU per view
    // (this process and PostgreSQL's connections): what the recorder itself costs, to compare with the page's overhead.
    const found = (await deps.store.credentials.findPublic(credential.id))!;
    const ref = { id: found.id, orgId: found.orgId, issuerId: found.issuerId, achievementId: found.achievementId };
    const recorderRounds = async (addressOf: (i: number) => string): Promise<number> => {
      const perView: number[] = [];
      for (let r = 0; r < RECORDER_ROUNDS; r++) {
        await findBackends();
        gc();
        const cpuFrom = process.cpuUsage();
        const pgFrom = backendsCpu();
        for (let i = 0; i < RECORDER_ROUND_VIEWS; i++) deps.analytics.record({ credential: ref, metric: 'viewed', browser: true, signal: { userAgent: BROWSER, address: addressOf(i) } });
        await deps.analytics.settled();
        const cpu = process.cpuUsage(cpuFrom);
        perView.push((cpu.user + cpu.system + backendsMsSince(pgFrom) * 1000) / RECORDER_ROUND_VIEWS);
      }
      return median(perView);
    };
    const recorderCpuMicros = await recorderRounds(() => nextAddress());
    // The same with visitors who come back within the day (50 of them, each view one of those): nothing new to write.
    const returningCpuMicros = await recorderRounds((i) => `192.168.0.${i % 50}`);

    const total = await deps.store.analytics.totals({ orgId: found.orgId, from: '2000-01-01', to: '2999-12-31' }, ['viewed']);
    return {
      ...summariseArms(measured, positionBias, roundViews),
      promotedBytes: armMeans(measured, (r) => r.promotedBytes),
      recorderCpuMicros,
      returningCpuMicros,
      views: total.reduce((s, r) => s + r.count, 0),
    };
  } finally {
    await app.close();
    await drop();
  }
}

/** One line: the overhead next to its A/A floor, CPU first. */
export function describePageViews(r: PageViewsResult): string {
  return [
    `CPU/view ${r.cpuMicros.recorded.toFixed(0)} recorded vs ${r.cpuMicros.control.toFixed(0)} (twin ${r.cpuMicros.twin.toFixed(0)}) µs${r.pgMicros.control > 0 ? ` (PostgreSQL's ${r.pgMicros.recorded.toFixed(0)} vs ${r.pgMicros.control.toFixed(0)}, twin ${r.pgMicros.twin.toFixed(0)})` : ''}: overhead ${pct(r.cpuOverhead)}, A/A floor ${pct(r.cpuAA)}`,
    `throughput ${r.perSecond.recorded.toFixed(0)} vs ${r.perSecond.control.toFixed(0)}/s: overhead ${pct(r.throughputOverhead)}, A/A ${pct(r.throughputAA)}`,
    `order bias (1st/2nd/3rd of a block) ${r.positionBias.map((p) => p.toFixed(1)).join('/')}%; ${r.blocks} blocks × 3 rounds of ${r.roundViews} views`,
    `left in the old generation ${r.promotedBytes.recorded.toFixed(0)} vs ${r.promotedBytes.control.toFixed(0)} (twin ${r.promotedBytes.twin.toFixed(0)}) bytes/view`,
    `recorder alone ${r.recorderCpuMicros.toFixed(1)} µs/view = ${((r.recorderCpuMicros / r.cpuMicros.control) * 100).toFixed(1)}% of a page (returning visitors ${r.returningCpuMicros.toFixed(1)} µs); ${r.views} views counted`,
  ].join('; ');
}

// `node --conditions=source --import tsx bench/page-views.ts`: this row alone, on SQLite (BENCH_DATABASE_URL: PostgreSQL);
// BENCH_ITERATIONS (default 24,000) views an arm, BENCH_ROUND_VIEWS (default 400) a round, BENCH_RUNS (default 1) runs.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const engine = process.env.BENCH_DATABASE_URL ? ({ engine: 'postgres', databaseUrl: process.env.BENCH_DATABASE_URL } as const) : ({ engine: 'sqlite' } as const);
  const iterations = Number(process.env.BENCH_ITERATIONS ?? 24_000);
  const roundViews = Number(process.env.BENCH_ROUND_VIEWS ?? 400);
  for (let run = 0; run < Number(process.env.BENCH_RUNS ?? 1); run++) {
    const started = performance.now();
    const r = await benchPageViews({ ...engine, iterations, roundViews, concurrency: 16 });
    console.log(`${engine.engine} (${((performance.now() - started) / 1000).toFixed(0)} s): ${describePageViews(r)}`);
  }
  process.exit(0);
}
