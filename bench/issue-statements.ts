/**
 * The statements of one issue (issue 18): POST /api/v1/credentials one request at a time, every SQL
 * statement counted where the drivers run it (better-sqlite3's Statement, pg's Client#query), with the
 * SQLite WAL frames one issue appends. `node --conditions=source --import tsx bench/issue-statements.ts
 * [sqlite|postgres]` (SQLite: with each statement's CPU inside the driver); N (issues, default 200), BENCH_DATABASE_URL, SHOW=1 (the SQL of one issue, cut short).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { buildApp } from '../packages/server/src/adapters/http/app.js';
import { benchDeps, open } from './issue-path.js';

const engine = (process.argv[2] ?? 'sqlite') as 'sqlite' | 'postgres';
const N = Number(process.env.N ?? 200);
const seen: string[] = [];
/** SQLite: CPU µs spent inside the driver call (the statement's own work), by SQL text. */
const cpuOf = new Map<string, number>();
let counting = false;
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
const query = pg.Client.prototype.query as (...a: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: unknown }).query = function (this: pg.Client, ...args: unknown[]) {
  note(args[0]);
  return query.apply(this, args);
};

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'laurel-statements-'));
  const { storage, drop } = await open({ engine, databaseUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', workers: 0 }, dir);
  const app = await buildApp(benchDeps(storage, dir), { logger: false });
  try {
    const setup = await app.inject({ method: 'POST', url: '/api/v1/setup', payload: { organisationName: 'Bench University', email: 'owner@bench.example', password: 'a long enough password' } });
    const headers = { authorization: `Bearer ${setup.json<{ apiKey: string }>().apiKey}` };
    const post = async (url: string, payload: object) => (await app.inject({ method: 'POST', url, headers, payload })).json<{ id: string }>();
    const issuer = await post('/api/v1/issuers', { name: 'Bench Badges', url: 'https://bench.example', email: 'badges@bench.example', description: 'Issues benchmark badges' });
    const achievement = await post('/api/v1/achievements', { issuerId: issuer.id, kind: 'certificate', name: 'Benchmarked', description: 'Survived the benchmark', criteria: { narrative: 'Be issued', url: 'https://bench.example/criteria' }, tags: ['bench', 'performance'] });
    // The same body as bench/issue-path.ts.
    const issue = async (i: number) => {
      const payload = { achievementId: achievement.id, recipient: { email: `learner${i}@example.org`, name: `Learner ${i}` }, narrative: `Passed attempt ${i}`, evidence: [{ url: `https://bench.example/portfolio/${i}`, name: 'Exam', narrative: `Scored ${i % 100}%` }] };
      const res = await app.inject({ method: 'POST', url: '/api/v1/credentials', headers, payload });
      if (res.statusCode !== 201) throw new Error(`${res.statusCode} ${res.body}`);
    };
    for (let i = 0; i < 50; i++) await issue(-1 - i);
    const wal = join(dir, 'laurel.db-wal');
    const walBytes = () => (engine === 'sqlite' ? statSync(wal).size : 0);
    const before = walBytes();
    counting = true;
    for (let i = 0; i < N; i++) await issue(i);
    counting = false;
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
