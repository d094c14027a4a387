/**
 * The statements of one issue (issue 18): POST /api/v1/credentials one request at a time, every SQL
 * statement counted where the drivers run it (better-sqlite3's Statement, pg's Client#query), with the
 * SQLite WAL frames one issue appends. `node --conditions=source --import tsx bench/issue-statements.ts
 * [sqlite|postgres]` (with each statement's CPU: SQLite's inside the driver, PostgreSQL's in its backend when local); N (issues, default 200), BENCH_DATABASE_URL, SHOW=1 (the SQL of one issue, cut short).
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { buildApp } from '../packages/server/src/adapters/http/app.js';
import { benchDeps, open } from './issue-path.js';
import { issueFixture } from './issue-fixture.js';

const engine = (process.argv[2] ?? 'sqlite') as 'sqlite' | 'postgres';
const N = Number(process.env.N ?? 200);
const seen: string[] = [];
/** SQLite: CPU µs spent inside the driver call (the statement's own work), by SQL text. */
const cpuOf = new Map<string, number>();
let counting = false;
const explained = new Set<string>();
let explaining = false;
const clients = new Set<pg.Client>();
const textOf = (text: unknown) => String(typeof text === 'object' && text !== null && 'text' in text ? (text as { text: string }).text : text).replace(/\s+/g, ' ');
const note = (text: unknown) => {
  if (counting) seen.push(textOf(text));
};
// WALL=1: wall time instead (a driver call is synchronous on this thread; process CPU counts every thread's).
const usage = process.env.WALL === '1' ? () => performance.now() * 1000 : () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

// better-sqlite3: a prepared statement's run/all/get/iterate is one execution of its SQL.
const probe = new SQLite(':memory:').prepare('select 1');
const statement = Object.getPrototypeOf(probe) as Record<string, (...a: unknown[]) => unknown> & { source: string };
for (const method of ['run', 'all', 'get', 'iterate'] as const) {
  const original = statement[method]!;
  statement[method] = function (this: { source: string }, ...args: unknown[]) {
    note(this.source);
    if (!counting) return original.apply(this, args);
    const from = usage();
    try {
      return original.apply(this, args);
    } finally {
      const text = textOf(this.source);
      cpuOf.set(text, (cpuOf.get(text) ?? 0) + usage() - from);
    }
  };
}
/** A PostgreSQL backend's CPU so far (µs, to the nanosecond: /proc/<pid>/schedstat), when it runs on this machine. */
const backendUs = (pid: number): number | undefined => {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1000;
  } catch {
    return undefined;
  }
};
const query = pg.Client.prototype.query as (...a: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: unknown }).query = function (this: pg.Client & { processID?: number }, ...args: unknown[]) {
  note(args[0]);
  if (counting) clients.add(this);
  // EXPLAIN=1: the first counted issue's statements run under EXPLAIN ANALYZE (which executes them too), plans printed.
  if (explaining && typeof args[0] === 'object' && args[0] !== null && 'text' in args[0] && !explained.has(textOf(args[0]))) {
    const { text, values } = args[0] as { text: string; values?: unknown[] };
    explained.add(textOf(text));
    return (query.call(this, { text: `explain (analyze, buffers, timing) ${text}`, values }) as Promise<pg.QueryResult>).then((r) => {
      console.log(`${textOf(text).slice(0, 90)}\n${r.rows.map((row: Record<string, string>) => `    ${row['QUERY PLAN']}`).join('\n')}`);
      // A read is then run for its rows; the write has been executed by EXPLAIN ANALYZE.
      return /^\s*select/i.test(text) ? query.call(this, text, values) : { ...r, rows: [], rowCount: 1 };
    });
  }
  const pid = this.processID;
  const from = counting && pid ? backendUs(pid) : undefined;
  const result = query.apply(this, args);
  // PostgreSQL (one issue at a time): the backend's CPU from sending the statement to its answer, its commit included.
  if (from !== undefined && result instanceof Promise) {
    const text = textOf(args[0]);
    const settle = () => cpuOf.set(text, (cpuOf.get(text) ?? 0) + (backendUs(pid!) ?? from) - from);
    result.then(settle, settle);
  }
  return result;
};

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'laurel-statements-'));
  const { storage, drop } = await open({ engine, databaseUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', workers: 0 }, dir);
  const app = await buildApp(benchDeps(storage, dir), { logger: false });
  try {
    const { issue } = await issueFixture(app);
    for (let i = 0; i < 50; i++) await issue(-1 - i);
    const wal = join(dir, 'laurel.db-wal');
    const walBytes = () => (engine === 'sqlite' ? statSync(wal).size : 0);
    const before = walBytes();
    if (process.env.EXPLAIN === '1') {
      explaining = true;
      await issue(-100);
      explaining = false;
    }
    counting = true;
    for (let i = 0; i < N; i++) await issue(i);
    counting = false;
    // PLANS=1: how the prepared statements of the connections were planned (custom plans are planned per execution).
    if (process.env.PLANS === '1' && engine === 'postgres') {
      // Every connection is idle now (one issue at a time, all answered).
      for (const c of clients) console.log((await c.query('select left(statement, 40) s, generic_plans, custom_plans from pg_prepared_statements')).rows);
    }
    console.log(`${engine}: ${(seen.length / N).toFixed(2)} statements per issue (${N} issues, one at a time)`);
    const byText = new Map<string, number>();
    for (const s of seen) byText.set(s, (byText.get(s) ?? 0) + 1);
    for (const [text, count] of [...byText].sort((a, b) => b[1] - a[1])) console.log(`  ${(count / N).toFixed(2)}×${cpuOf.has(text) ? ` ${(cpuOf.get(text)! / N).toFixed(0).padStart(4)} µs` : ''} ${text.slice(0, process.env.SHOW === '1' ? 400 : 110)}`);
    // A WAL frame is a 24-byte header and one page (4,096 bytes); the WAL may have been checkpointed meanwhile (then unknown).
    if (engine === 'sqlite') {
      const grown = walBytes() - before;
      console.log(grown > 0 ? `  WAL frames per issue: ${(grown / 4120 / N).toFixed(1)}` : '  WAL checkpointed meanwhile: frames unknown');
    }
    if (process.env.KEEP) await new Promise((r) => setTimeout(r, Number(process.env.KEEP)));
  } finally {
    await app.close();
    await drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (e: unknown) => { console.error(e); process.exit(1); });
