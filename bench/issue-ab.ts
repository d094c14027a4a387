/**
 * CPU per issue of this checkout against another one (e.g. `main`), in one process: both apps built
 * side by side (each from its own tree's code and its own database), then batches of issues sent to
 * one and the other in turn, the CPU of every thread of the process (`process.cpuUsage`) counted per
 * batch. On a machine loaded by other work a process's speed drifts from one run to the next; batches
 * alternated within one process see the same drift, so their ratio holds where separate runs do not.
 *
 * `BENCH_BASELINE=/path/to/other/checkout node --conditions=source --import tsx bench/issue-ab.ts [sqlite|postgres]`
 * (the other checkout with its node_modules); ROUNDS (default 12), BATCH (issues per batch, default 50), CONCURRENCY
 * (requests in flight within a batch, default 1: one at a time; 16 as in `npm run bench`), WORKERS (signing worker
 * threads per side, default 0: the in-process signer; their CPU counts, as every thread of the process does).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readFileSync } from 'node:fs';
import { cpuTimes } from './cpu.js';
import { issueFixture } from './issue-fixture.js';

const engine = (process.argv[2] ?? 'sqlite') as 'sqlite' | 'postgres';
const ROUNDS = Number(process.env.ROUNDS ?? 12);
const BATCH = Number(process.env.BATCH ?? 50);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 1);
const WORKERS = Number(process.env.WORKERS ?? 0);
const baseline = process.env.BENCH_BASELINE;
if (!baseline) throw new Error('BENCH_BASELINE: the other checkout to compare with');
const usage = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

interface Side {
  name: string;
  issue(i: number): Promise<void>;
  close(): Promise<void>;
}

async function side(name: string, tree: string, workers: number): Promise<Side> {
  const load = (file: string) => import(pathToFileURL(join(tree, file)).href);
  const { benchDeps, open } = await load('bench/issue-path.ts');
  const { createSigningPool } = await load('packages/server/src/adapters/signing-pool/pool.ts');
  let pool: { close(): Promise<void> } | undefined;
  const { buildApp } = await load('packages/server/src/adapters/http/app.ts');
  const dir = mkdtempSync(join(tmpdir(), `laurel-ab-${name}-`));
  const { storage, drop } = await open({ engine, databaseUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', workers }, dir);
  const deps = benchDeps(storage, dir, WORKERS > 0 ? { makeCredentialSigner: (parts: object) => (pool = createSigningPool({ workers: WORKERS, ...parts })) } : {});
  const app = await buildApp(deps, { logger: false });
  // Both sides set up and issue through this checkout's fixture (the API alone): the same requests as bench/issue-path.ts.
  const { headers, issueBody } = await issueFixture(app);
  return {
    name,
    async issue(i) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/credentials', headers, payload: issueBody(i) });
      if (res.statusCode !== 201) throw new Error(`${name}: ${res.statusCode} ${res.body}`);
    },
    async close() {
      await pool?.close();
      await app.close();
      await drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function main(): Promise<void> {
  const sides = [await side('this', resolve('.'), 31), await side('baseline', resolve(baseline!), 32)];
  let n = 0;
  try {
    for (const s of sides) for (let i = 0; i < 150; i++) await s.issue(n++);
    const per: Record<string, number[]> = { this: [], baseline: [] };
    // Linux: the main thread's CPU apart (/proc, 10 ms ticks): with signing workers it bounds the throughput.
    const mainMs = () => {
      const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    };
    const main: Record<string, number[]> = { this: [], baseline: [] };
    // PostgreSQL: the CPU of this process's backends and the server's own processes per batch (not other clients' backends; see cpu.ts).
    const server: Record<string, number[]> = { this: [], baseline: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const s of round % 2 ? [...sides].reverse() : sides) {
        const serverFrom = engine === 'postgres' ? cpuTimes().postgres : 0;
        const from = usage();
        const mainFrom = mainMs();
        let left = BATCH;
        await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
          while (left-- > 0) await s.issue(n++);
        }));
        per[s.name]!.push((usage() - from) / BATCH);
        main[s.name]!.push(((mainMs() - mainFrom) * 1000) / BATCH);
        if (engine === 'postgres') server[s.name]!.push(((cpuTimes().postgres - serverFrom) * 1000) / BATCH);
      }
    }
    const ratios = per.this!.map((x, i) => x / per.baseline![i]!);
    console.log(`${engine}: CPU µs per issue, ${ROUNDS} alternating batches of ${BATCH} (${CONCURRENCY} in flight, ${WORKERS} signing workers), all threads of one process`);
    console.log(`  this checkout: median ${median(per.this!).toFixed(0)} (${per.this!.map((x) => x.toFixed(0)).join(', ')})`);
    console.log(`  baseline:      median ${median(per.baseline!).toFixed(0)} (${per.baseline!.map((x) => x.toFixed(0)).join(', ')})`);
    console.log(`  main thread alone: this ${median(main.this!).toFixed(0)}, baseline ${median(main.baseline!).toFixed(0)}, median ratio ${median(main.this!.map((x, i) => x / main.baseline![i]!)).toFixed(2)}`);
    if (engine === 'postgres') console.log(`  PostgreSQL server: this ${median(server.this!).toFixed(0)}, baseline ${median(server.baseline!).toFixed(0)}, median ratio ${median(server.this!.map((x, i) => x / server.baseline![i]!)).toFixed(2)}`);
    console.log(`  this / baseline, per round: median ${median(ratios).toFixed(2)} (${ratios.map((r) => r.toFixed(2)).join(', ')})`);
  } finally {
    for (const s of sides) await s.close();
  }
}

main().then(() => process.exit(0), (e: unknown) => { console.error(e); process.exit(1); });
