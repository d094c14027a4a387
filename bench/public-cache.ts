/**
 * The public credential page and a status list over real HTTP (a port on 127.0.0.1, keep-alive),
 * loaded by autocannon in a child process (so the server's own CPU time can be read apart): the most
 * requests a second, then a fixed 1,000 a second and its p99 latency, and the CPU time the server spent
 * per request (what a dedicated core could serve: 1 s ÷ that, whatever else the machine is doing). Each page view is recorded (browser user agent), as in production. The same
 * runs with the cache off (LAUREL_PUBLIC_CACHE_TTL=0) are the reference.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { buildApp } from '../packages/server/src/adapters/http/app.js';
import { issueOne } from './issue-fixture.js';
import { benchDeps, open } from './issue-path.js';

export interface PublicCacheBenchConfig {
  engine: 'sqlite' | 'postgres';
  databaseUrl?: string | undefined;
  /** Seconds per run (default 4). */
  seconds: number;
  /** The cache's time to live in ms (0: off, the reference). */
  ttlMs: number;
}

export interface PublicCacheFigures {
  pagePerSecond: number;
  /** Server CPU time per page answered (µs) at the most requests a second. */
  pageCpuMicros: number;
  statusListCpuMicros: number;
  pageP99AtFixedRateMs: number;
  fixedRate: number;
  fixedRateAchieved: number;
  statusListPerSecond: number;
  errors: number;
}

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
export const FIXED_RATE = 1000;

interface Load {
  url: string;
  seconds: number;
  connections: number;
  overallRate?: number;
}

const run = promisify(execFile);
const AUTOCANNON = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

interface Measured {
  perSecond: number;
  p99: number;
  errors: number;
  /** This process's CPU time per answered request (µs). */
  cpuMicros: number;
}

async function load(o: Load): Promise<Measured> {
  const args = [AUTOCANNON, '-j', '-c', String(o.connections), '-d', String(o.seconds), '-H', `user-agent=${BROWSER}`, '-H', 'accept=text/html', '-H', 'accept-language=en'];
  if (o.overallRate) args.push('-R', String(o.overallRate));
  const cpu = process.cpuUsage();
  const { stdout } = await run(process.execPath, [...args, o.url], { maxBuffer: 16 * 2 ** 20 });
  const used = process.cpuUsage(cpu);
  const result = JSON.parse(stdout) as { requests: { average: number; total: number }; latency: { p99: number }; errors: number; non2xx: number; timeouts: number };
  return {
    perSecond: result.requests.average,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
    cpuMicros: (used.user + used.system) / Math.max(1, result.requests.total),
  };
}

export async function benchPublicCache(config: PublicCacheBenchConfig): Promise<PublicCacheFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'laurel-bench-cache-'));
  const { storage, drop } = await open({ ...config, workers: 0 }, dir);
  const deps = benchDeps(storage, dir, { publicCacheTtlMs: config.ttlMs });
  const app = await buildApp(deps, { logger: false });
  try {
    const credential = await issueOne(app, { email: 'ada@bench.example', name: 'Ada Bench' });
    const ob3 = (await app.inject({ method: 'GET', url: `/ob3/credentials/${credential.id}` })).json<{ credentialStatus: { statusListCredential: string } }>();
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const page = `${address}/credentials/${credential.id}`;
    const list = `${address}${new URL(ob3.credentialStatus.statusListCredential).pathname}`;
    await load({ url: page, seconds: 1, connections: 16 });
    const most = await load({ url: page, seconds: config.seconds, connections: 32 });
    // The views the flat-out run recorded are written before the fixed-rate run, which measures the steady
    // state (its own 1,000 views a second still recorded): a backlog of tens of thousands would be measured instead.
    await deps.analytics.settled();
    const fixed = await load({ url: page, seconds: config.seconds, connections: 32, overallRate: FIXED_RATE });
    await load({ url: list, seconds: 1, connections: 16 });
    const lists = await load({ url: list, seconds: config.seconds, connections: 32 });
    await deps.analytics.settled();
    return {
      pagePerSecond: most.perSecond,
      pageCpuMicros: most.cpuMicros,
      statusListCpuMicros: lists.cpuMicros,
      pageP99AtFixedRateMs: fixed.p99,
      fixedRate: FIXED_RATE,
      fixedRateAchieved: fixed.perSecond,
      statusListPerSecond: lists.perSecond,
      errors: most.errors + fixed.errors + lists.errors,
    };
  } finally {
    await app.close();
    await drop();
  }
}

// `node --conditions=source --import tsx bench/public-cache.ts`: these rows alone, on SQLite (BENCH_DATABASE_URL: PostgreSQL).
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const seconds = Number(process.env.BENCH_SECONDS ?? 4);
  const engine = process.env.BENCH_DATABASE_URL ? ({ engine: 'postgres', databaseUrl: process.env.BENCH_DATABASE_URL } as const) : ({ engine: 'sqlite' } as const);
  for (const ttlMs of [5000, 0]) console.log(`${engine.engine}, cache ${ttlMs ? 'on' : 'off'}:`, await benchPublicCache({ ...engine, seconds, ttlMs }));
  process.exit(0);
}
