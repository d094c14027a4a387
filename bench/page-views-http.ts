/**
 * Issue 16's recorded-view overhead over real sockets: bench/page-views.ts's method (three arms — recorded, control
 * with `DNT: 1`, an A/A twin of the control — in interleaved blocks of rounds of a fixed number of views, the six
 * orders in turn, CPU per view, the geometric mean of the blocks' ratios with a 95% interval), but the app listening on
 * 127.0.0.1 and loaded over keep-alive connections by a client in a child process, so that the server's CPU per view
 * is what a deployed server spends (a page costs ~90 µs over a socket, ~230 µs through `inject`: the same overhead in
 * µs is a larger share of it).
 *
 * - Every view a new visitor: the server trusts its proxy (LAUREL_TRUST_PROXY, `trustProxy: true`) and each request
 *   carries its own `X-Forwarded-For` (a counter in the client, shared by all arms: no address comes twice), so its
 *   `request.ip` is new. Addresses have three digits a byte (10.100.100.100 …), so every request of every arm has the
 *   same size; the arms differ by `DNT: 0` / `DNT: 1` alone. Checked before measuring: the raw bytes of one request of
 *   each arm, captured by a bare TCP server, have the same length and differ only there. Checked after: the visitors
 *   counted equal the views recorded (within the visitor sketch's ~1% beyond 2,048 a credential-day).
 * - The server's CPU per view: this process's `process.cpuUsage` over a round (from the order to the client to its
 *   answer; the client's CPU is its own process's) and, on PostgreSQL, its connections' server processes.
 * - The recorder's writes: the recorded arm writes what it counted about once a second of its own rounds, the write
 *   starting with one of its rounds and running during its requests (so it costs that round's throughput as well as
 *   its CPU, as the recorder's timer does in service). Garbage is not forced (see `fullGc`): V8 collects on its own
 *   schedule, and a major collection falls in whichever round is running, so what the recorded arm's garbage costs
 *   there is shared by all three arms (the overhead reads low by up to two thirds of that share).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../packages/server/src/adapters/http/app.js';
import { createEngagementRecorder } from '../packages/server/src/domain/analytics/record-engagement.js';
import { benchDeps, open } from './issue-path.js';
import { FLUSH_MS, MIN_BLOCKS, pct, runBlocks, summariseArms, type Arm, type ArmRound, type ArmsResult } from './arms.js';
import { issueOne } from './issue-fixture.js';
import { RAW_CONNECT } from './http-load.js';
import { BROWSER, backendMeter, gcFunction } from './page-views.js';

export interface PageViewsHttpConfig {
  engine: 'sqlite' | 'postgres';
  databaseUrl?: string | undefined;
  /** Views per arm (each of recorded, control, twin), in rounds of `roundViews`. */
  iterations: number;
  /** Connections of the client (default 16). */
  connections?: number | undefined;
  /** Views a round (default 400). */
  roundViews?: number | undefined;
  /**
   * page-views.ts's garbage handling: a full collection before every round (outside the measure), a scavenge closing
   * it. Off by default: after a forced full collection the server's next few hundred views cost about twice as much
   * CPU (its concurrent sweeping, ~20 ms, and slower code and allocation after it), the same for every arm, which
   * halves the overhead's share (BENCH_FULL_GC=1 shows it).
   */
  fullGc?: boolean | undefined;
}

export interface PageViewsHttpResult extends ArmsResult {
  connections: number;
  /** Bytes of one request: recorded, control (checked equal before measuring). */
  requestBytes: { recorded: number; control: number };
  /** Views counted and distinct visitors counted (equal when every view came from its own address, within the visitor sketch's ~1% past 2,048 a credential-day). */
  views: number;
  visitors: number;
  /** Load average (1 min) at the start and the end. */
  loadAverage: [number, number];
}

/**
 * The client: a child process kept for the whole run, told by IPC how many views to make with which DNT, over
 * `connections` keep-alive sockets (one request in flight on each; they stay open from round to round, as a browser's
 * or a proxy's do). Raw sockets and a minimal response reader (status line, content-length), so that the client is
 * cheap enough to keep the server busy, as autocannon does in public-cache.ts: node:http's client costs several times a
 * cached page, and a server waiting for its client between requests spends twice as much per request (an event-loop
 * turn each). Not autocannon itself: its run ends on its one-second tick, so a round of a few hundred views would last
 * a second, mostly idle. Its address counter lives across rounds and arms: every request of the run has its own
 * X-Forwarded-For.
 */
const CLIENT = `
const net = require('node:net');
const pools = new Map();
let n = 0;
const d = (i) => String(100 + (i % 156));
const next = () => { const a = n++; return '10.' + d(Math.floor(a / 24336)) + '.' + d(Math.floor(a / 156)) + '.' + d(a); };
${RAW_CONNECT}
process.on('message', async (m) => {
  if (m === 'exit') return process.exit(0);
  const url = new URL(m.url);
  const key = url.host + '/' + m.connections;
  if (!pools.has(key)) pools.set(key, Array.from({ length: m.connections }, () => connect(url.hostname, Number(url.port))));
  const head = 'GET ' + url.pathname + ' HTTP/1.1\\r\\nhost: ' + url.host + '\\r\\nuser-agent: ' + ${JSON.stringify(BROWSER)} + '\\r\\naccept: text/html\\r\\nx-forwarded-for: ';
  const tail = '\\r\\ndnt: ' + (m.dnt ? '1' : '0') + '\\r\\n\\r\\n';
  let sent = 0, ok = 0, bad = 0;
  const started = performance.now();
  try {
    await Promise.all(pools.get(key).map(async (send) => {
      while (sent++ < m.views) (await send(head + next() + tail)).status === 200 ? ok++ : bad++;
    }));
    process.send({ ok, bad, ms: performance.now() - started });
  } catch (e) {
    process.send({ error: String(e) });
  }
});
`;

interface Answer {
  ok: number;
  bad: number;
  ms: number;
  error?: string;
}

function startClient(): { ask(m: { url: string; connections: number; views: number; dnt: boolean }): Promise<Answer>; stop(): void } {
  const child: ChildProcess = spawn(process.execPath, ['-e', CLIENT], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let pending: { resolve(a: Answer): void; reject(e: Error): void } | undefined;
  child.on('message', (a: Answer) => (a.error ? pending?.reject(new Error(a.error)) : pending?.resolve(a)));
  const exited = (code: number | null) => pending?.reject(new Error(`client exited ${code}`));
  child.on('exit', exited);
  return {
    ask: (m) =>
      new Promise((resolve, reject) => {
        pending = { resolve, reject };
        child.send(m);
      }),
    stop: () => {
      child.off('exit', exited);
      child.send('exit');
    },
  };
}

/** The raw bytes of one request of each arm, as the client sends them, from a bare TCP server that answers 200. */
async function captureRequests(client: ReturnType<typeof startClient>): Promise<Record<'recorded' | 'control', string>> {
  const seen: string[] = [];
  const server = createServer((socket) => {
    let bytes = '';
    socket.on('data', (chunk) => {
      bytes += chunk.toString('latin1');
      if (bytes.includes('\r\n\r\n')) {
        seen.push(bytes);
        bytes = '';
        socket.write('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/credentials/x`;
  try {
    await client.ask({ url, connections: 1, views: 1, dnt: false });
    await client.ask({ url, connections: 1, views: 1, dnt: true });
  } finally {
    server.close();
  }
  if (seen.length !== 2) throw new Error(`captured ${seen.length} requests, not 2`);
  return { recorded: seen[0]!, control: seen[1]! };
}

export async function benchPageViewsHttp(config: PageViewsHttpConfig): Promise<PageViewsHttpResult> {
  const load0 = loadavg()[0]!;
  const gc = gcFunction();
  const roundViews = config.roundViews ?? 400;
  const connections = config.connections ?? 16;
  const blocks = Math.max(MIN_BLOCKS, Math.ceil(config.iterations / roundViews));
  const dir = mkdtempSync(join(tmpdir(), 'laurel-bench-views-http-'));
  const application = `laurel-bench-views-http-${process.pid}`;
  const databaseUrl = config.databaseUrl && `${config.databaseUrl}${config.databaseUrl.includes('?') ? '&' : '?'}application_name=${application}`;
  const { storage, drop } = await open({ ...config, databaseUrl, workers: 8 }, dir);
  // Behind a proxy (LAUREL_TRUST_PROXY=true): the client's address is X-Forwarded-For's. The recorder writes when the bench says.
  const composed = benchDeps(storage, dir, { http: { bodyLimitBytes: 64 * 1024, secureCookies: false, trustProxy: true, logLevel: 'silent' } });
  const deps = { ...composed, analytics: createEngagementRecorder({ store: composed.store, clock: composed.clock, flushMs: 3_600_000 }) };
  const app = await buildApp(deps, { logger: false });
  const client = startClient();
  try {
    const credential = await issueOne(app);
    const raw = await captureRequests(client);
    const differing = raw.recorded.split('\r\n').filter((line, i) => line !== raw.control.split('\r\n')[i]);
    if (raw.recorded.length !== raw.control.length || differing.some((line) => !/^(dnt|x-forwarded-for):/i.test(line)) || !differing.some((l) => /^dnt: 0$/i.test(l))) {
      throw new Error(`the arms' requests differ beyond DNT and the address: ${JSON.stringify(raw)}`);
    }
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const url = `${base}/credentials/${credential.id}`;
    const { findBackends, backendsCpu, backendsMsSince } = backendMeter(storage, application);

    let sinceWrite = 0;
    const round = async (arm: Arm, last = false): Promise<ArmRound> => {
      await findBackends();
      if (config.fullGc) gc();
      const cpuFrom = process.cpuUsage();
      const pgFrom = backendsCpu();
      // A write due (a second of this arm's rounds since the last) starts with the round and runs during its requests,
      // as the recorder's timer fires in service: its batch (hashing, counting) and statements share the event loop
      // with the views, so they cost the round's throughput as well as its CPU.
      const writing = arm === 'recorded' && sinceWrite >= FLUSH_MS ? deps.analytics.settled() : undefined;
      const answer = await client.ask({ url, connections, views: roundViews, dnt: arm !== 'recorded' });
      if (answer.bad > 0 || answer.ok !== roundViews) throw new Error(`${arm}: ${answer.ok} answered 200 of ${roundViews}, ${answer.bad} failed`);
      if (writing) {
        await writing;
        sinceWrite = 0;
      }
      if (arm === 'recorded') {
        sinceWrite += answer.ms;
        if (last) await deps.analytics.settled();
      }
      if (config.fullGc) gc({ type: 'minor' });
      const cpu = process.cpuUsage(cpuFrom);
      const pgMs = backendsMsSince(pgFrom);
      return { perSecond: roundViews / (answer.ms / 1000), cpuMicros: (cpu.user + cpu.system + pgMs * 1000) / roundViews, pgMicros: (pgMs * 1000) / roundViews };
    };
    const { measured, positionBias } = await runBlocks(blocks, round);
    await deps.analytics.settled();
    const found = (await deps.store.credentials.findPublic(credential.id))!;
    const totals = await deps.store.analytics.totals({ orgId: found.orgId, from: '2000-01-01', to: '2999-12-31' }, ['viewed', 'visitors']);
    const sum = (metric: string) => totals.filter((t) => t.metric === metric).reduce((s, t) => s + t.count, 0);
    return {
      ...summariseArms(measured, positionBias, roundViews),
      connections,
      requestBytes: { recorded: raw.recorded.length, control: raw.control.length },
      views: sum('viewed'),
      visitors: sum('visitors'),
      loadAverage: [load0, loadavg()[0]!],
    };
  } finally {
    client.stop();
    await app.close();
    await drop();
  }
}

/** One line: the overhead next to its A/A floor, CPU first. */
export function describePageViewsHttp(r: PageViewsHttpResult): string {
  return [
    `server CPU/view ${r.cpuMicros.recorded.toFixed(0)} recorded vs ${r.cpuMicros.control.toFixed(0)} (twin ${r.cpuMicros.twin.toFixed(0)}) µs${r.pgMicros.control > 0 || r.pgMicros.recorded > 0 ? ` (PostgreSQL's ${r.pgMicros.recorded.toFixed(1)} vs ${r.pgMicros.control.toFixed(1)}, twin ${r.pgMicros.twin.toFixed(1)})` : ''}: overhead ${pct(r.cpuOverhead)}, A/A floor ${pct(r.cpuAA)}`,
    `throughput ${r.perSecond.recorded.toFixed(0)} vs ${r.perSecond.control.toFixed(0)}/s: overhead ${pct(r.throughputOverhead)}, A/A ${pct(r.throughputAA)}`,
    `order bias ${r.positionBias.map((p) => p.toFixed(1)).join('/')}%; ${r.blocks} blocks × 3 rounds of ${r.roundViews} views, ${r.connections} connections`,
    `requests ${r.requestBytes.recorded} vs ${r.requestBytes.control} bytes; ${r.views} views, ${r.visitors} visitors counted; load average ${r.loadAverage[0].toFixed(1)} → ${r.loadAverage[1].toFixed(1)}`,
  ].join('; ');
}

// `node --conditions=source --import tsx bench/page-views-http.ts`: this row alone, on SQLite (BENCH_DATABASE_URL: PostgreSQL);
// BENCH_ITERATIONS (default 24,000) views an arm, BENCH_ROUND_VIEWS (default 400) a round, BENCH_RUNS (default 1) runs,
// BENCH_FULL_GC=1 a forced full collection before every round.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const engine = process.env.BENCH_DATABASE_URL ? ({ engine: 'postgres', databaseUrl: process.env.BENCH_DATABASE_URL } as const) : ({ engine: 'sqlite' } as const);
  const iterations = Number(process.env.BENCH_ITERATIONS ?? 24_000);
  const roundViews = Number(process.env.BENCH_ROUND_VIEWS ?? 400);
  for (let run = 0; run < Number(process.env.BENCH_RUNS ?? 1); run++) {
    const started = performance.now();
    const r = await benchPageViewsHttp({ ...engine, iterations, roundViews, fullGc: process.env.BENCH_FULL_GC === '1' });
    console.log(`${engine.engine} (${((performance.now() - started) / 1000).toFixed(0)} s): ${describePageViewsHttp(r)}`);
  }
  process.exit(0);
}
