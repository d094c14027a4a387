/**
 * The full Laurel issue path: POST /api/v1/credentials through buildApp(...).inject() — HTTP
 * parsing, schema validation, the use case, signing the OB 3.0 form (the other forms are made on first request), storing in the database.
 * With `http` (BENCH_HTTP=1 in issue-alone.ts): the app listening on 127.0.0.1 and loaded over keep-alive sockets by a
 * client in a child process (bench/http-load.ts), as a deployed server is; `inject`'s fake request and response cost
 * the server more than a socket's (bench/page-views-http.ts found ~2.5 times for a cached page).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../packages/server/src/adapters/http/app.js';
import { aesGcmVault } from '../packages/server/src/adapters/keys/key-vault.js';
import { createMailer } from '../packages/server/src/adapters/mail/mailer.js';
import { createSigningPool, type SigningPool } from '../packages/server/src/adapters/signing-pool/pool.js';
import { ensureSchema, migrateToLatest, openStorage, type Storage } from '../packages/server/src/adapters/storage/db.js';
import { assembleDeps } from '../packages/server/src/compose.js';
import { cpuTimes, describeCpu, type CpuTimes } from './cpu.js';
import { concurrent, sequential } from './measure.js';
import { referenceSigner } from './reference-di.js';
import { issueFixture } from './issue-fixture.js';
import { rawJsonPost, startLoadClient, type LoadAnswer } from './http-load.js';

export interface IssuePathConfig {
  engine: 'sqlite' | 'postgres';
  databaseUrl?: string | undefined;
  /** 0: the in-process signer; n: a pool of n worker threads. */
  workers: number;
  iterations: number;
  warmup: number;
  concurrency: number;
  /** Over real sockets from a client process instead of `inject` (default false). */
  http?: boolean | undefined;
  /** Issues spread over this many achievements of the issuer, in turn (default 1: every issue the same achievement). */
  achievements?: number | undefined;
  /** Called around the timed part (after the warm-up), e.g. to start and stop a profiler. */
  timed?: { start?(): void; end?(): void } | undefined;
  /**
   * The timed issues in this many rounds (inject only), `beforeRound` awaited before each (the reference loop's block
   * that the round is compared with): drift of the machine's speed then falls on both alike. The rounds' rates are returned.
   */
  rounds?: { count: number; beforeRound(round: number): Promise<void> } | undefined;
}

export async function open(config: Pick<IssuePathConfig, 'engine' | 'databaseUrl' | 'workers'>, dir: string): Promise<{ storage: Storage; drop(): Promise<void> }> {
  if (config.engine === 'sqlite') {
    const storage = openStorage({ sqliteFile: join(dir, 'laurel.db') });
    await migrateToLatest(storage.db);
    // Experiments only: BENCH_SQLITE_PRAGMA="wal_autocheckpoint = 10000" and the like.
    if (process.env.BENCH_SQLITE_PRAGMA) {
      const { sql } = await import('kysely');
      await sql.raw(`pragma ${process.env.BENCH_SQLITE_PRAGMA}`).execute(storage.db);
    }
    return { storage, drop: () => storage.destroy() };
  }
  const schema = `laurel_bench_${process.pid}_${config.workers}`;
  const storage = openStorage({ databaseUrl: config.databaseUrl, pgSchema: schema, poolSize: 10 });
  await ensureSchema(storage, schema);
  // Kysely's bookkeeping tables in this schema: others' in other schemas must not be mistaken for them.
  await migrateToLatest(storage.db, { schema });
  return {
    storage,
    drop: async () => {
      const { sql } = await import('kysely');
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(storage.db);
      await storage.destroy();
    },
  };
}

type AssembleOptions = Parameters<typeof assembleDeps>[0];

/** The app's dependencies as every bench composes them (an outbox mailer, silent logs); `extra` adds or replaces. */
export function benchDeps(storage: Storage, dir: string, extra: Partial<AssembleOptions> & { bodyLimitBytes?: number } = {}): ReturnType<typeof assembleDeps> {
  const { bodyLimitBytes = 64 * 1024, ...rest } = extra;
  return assembleDeps({
    storage,
    baseUrl: 'https://bench.example',
    vault: aesGcmVault(Buffer.alloc(32, 7)),
    sessionTtlSeconds: 3600,
    mailer: createMailer({ outboxDir: join(dir, 'outbox'), from: 'Laurel <bench@laurel.test>' }).mailer,
    http: { bodyLimitBytes, secureCookies: false, trustProxy: false, logLevel: 'silent' },
    ...rest,
  });
}

/** Credentials issued per second over HTTP (inject), `concurrency` requests in flight; the failed requests. */
export async function benchIssuePath(config: IssuePathConfig): Promise<{ perSecond: number; failures: string[]; cpu?: string; roundRates?: number[] }> {
  const failures: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'laurel-bench-'));
  const { storage, drop } = await open(config, dir);
  let pool: SigningPool | undefined;
  const deps = benchDeps(storage, dir, { ...(config.workers > 0 ? { makeCredentialSigner: (parts) => (pool = createSigningPool({ workers: config.workers, ...parts })) } : {}) });
  const app = await buildApp(deps, { logger: process.env.BENCH_LOG === '1' });
  try {
    const { headers, issueBody } = await issueFixture(app, { achievements: config.achievements });
    // Every issue must succeed: a failure (any status but 201) is counted and reported, not retried.
    const issue = async (i: number) => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/credentials',
        headers,
        payload: issueBody(i),
      });
      if (res.statusCode === 201) return;
      failures.push(`${res.statusCode} ${res.body.slice(0, 200)}`);
    };
    // BENCH_CPU=1 (Linux, local PostgreSQL): CPU time per issue over the timed part.
    let cpuFrom: CpuTimes | undefined;
    let cpu: string | undefined;
    const timed = {
      start: () => {
        config.timed?.start?.();
        if (process.env.BENCH_CPU === '1') cpuFrom = cpuTimes();
      },
      end: () => {
        if (cpuFrom) cpu = describeCpu(cpuFrom, cpuTimes(), config.iterations);
        config.timed?.end?.();
      },
    };
    if (config.http) {
      const { perSecond } = await overSockets(app, headers, issueBody, config, timed, failures);
      return { perSecond, failures, ...(cpu ? { cpu } : {}) };
    }
    if (config.rounds) {
      const { count, beforeRound } = config.rounds;
      const perRound = Math.ceil(config.iterations / count);
      await concurrent(0, config.warmup, config.concurrency, issue);
      const roundRates: number[] = [];
      let offset = 0;
      for (let round = 0; round < count; round++, offset += perRound) {
        await beforeRound(round);
        roundRates.push((await concurrent(perRound, 0, config.concurrency, (i) => issue(offset + i))).perSecond);
      }
      return { perSecond: roundRates.reduce((a, b) => a + b, 0) / count, failures, roundRates };
    }
    const rate = await concurrent(config.iterations, config.warmup, config.concurrency, issue, timed);
    return { perSecond: rate.perSecond, failures, ...(cpu ? { cpu } : {}) };
  } finally {
    await pool?.close();
    await app.close();
    await drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface AgainstReference {
  /** Mean rates over the rounds and over the reference's blocks. */
  issues: number;
  reference: number;
  /** Each round's issues a second over its reference block's signatures a second, sorted. */
  ratios: number[];
  failures: string[];
}

/**
 * The issue path against the reference loop in one process, interleaved: the timed issues in `blocks` rounds, each
 * after a block of the reference loop (`referenceSignatures` over all blocks), so that both see the same drift of the
 * machine's speed, and the ratio taken per pair. Both warmed up first (the reference as long as it is measured).
 */
export async function benchIssuePathAgainstReference(config: IssuePathConfig, o: { blocks: number; referenceSignatures: number }): Promise<AgainstReference> {
  const sign = await referenceSigner();
  const perBlock = Math.max(1, Math.round(o.referenceSignatures / o.blocks));
  await sequential(0, o.referenceSignatures, sign);
  const referenceRates: number[] = [];
  const r = await benchIssuePath({ ...config, rounds: { count: o.blocks, beforeRound: async () => void referenceRates.push((await sequential(perBlock, 0, sign)).perSecond) } });
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return { issues: mean(r.roundRates!), reference: mean(referenceRates), ratios: r.roundRates!.map((rate, i) => rate / referenceRates[i]!).sort((a, b) => a - b), failures: r.failures };
}

/** "ratio per round median 5.03× (quartiles 4.85–5.08, range 4.63–5.43)" of sorted ratios. */
export function describeRatios(ratios: readonly number[]): string {
  const at = (q: number) => ratios[Math.min(ratios.length - 1, Math.floor(q * ratios.length))]!;
  return `ratio per round median ${at(0.5).toFixed(2)}× (quartiles ${at(0.25).toFixed(2)}–${at(0.75).toFixed(2)}, range ${ratios[0]!.toFixed(2)}–${ratios[ratios.length - 1]!.toFixed(2)})`;
}

/** The warm-up, then the timed issues, each over `concurrency` keep-alive sockets from a client process: issues a second. */
async function overSockets(
  app: Awaited<ReturnType<typeof buildApp>>,
  headers: Record<string, string>,
  issueBody: (i: number) => object,
  config: IssuePathConfig,
  timed: { start(): void; end(): void },
  failures: string[],
): Promise<{ perSecond: number }> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  const host = `127.0.0.1:${port}`;
  const client = startLoadClient('127.0.0.1', port, config.concurrency);
  const requests = (from: number, n: number) => Array.from({ length: n }, (_, k) => rawJsonPost(host, '/api/v1/credentials', headers, issueBody(from + k)));
  const check = (a: LoadAnswer, n: number) => {
    if ((a.statuses['201'] ?? 0) !== n) failures.push(`${n - (a.statuses['201'] ?? 0)} of ${n} not 201: ${JSON.stringify(a.statuses)} ${a.failures.join(' | ')}`);
  };
  try {
    const warm = requests(0, config.warmup);
    check(await client.send(warm), warm.length);
    const timedRequests = requests(config.warmup, config.iterations);
    timed.start();
    const started = performance.now();
    const answer = await client.send(timedRequests);
    const ms = performance.now() - started;
    timed.end();
    check(answer, timedRequests.length);
    return { perSecond: config.iterations / (ms / 1000) };
  } finally {
    client.stop();
  }
}
