/**
 * One bulk CSV of 100,000 rows (issue 18): how long the event loop is held while it is uploaded, read and
 * validated (`perf_hooks.monitorEventLoopDelay`, its max), how much a part job costs to read its rows, and a
 * progress read. The reference in the same run: the whole CSV parsed and validated in one go on the event loop
 * (what the upload did before), and every part opening the whole sealed rows (what the parts did before).
 *
 * `BENCH_ENGINE=sqlite|postgres BENCH_ROWS=100000 node --conditions=source --import tsx bench/bulk-upload.ts`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { buildApp } from '../packages/server/src/adapters/http/app.js';
import { parseCsvRecords } from '../packages/server/src/adapters/csv/parse-csv.js';
import { BulkRowsCache } from '../packages/server/src/adapters/storage/repos/bulk-rows-cache.js';
import { bulkImportRepo } from '../packages/server/src/adapters/storage/repos/bulk-imports.repo.js';
import { parseBulkCsv } from '../packages/server/src/domain/bulk/parse-bulk-csv.js';
import { runBulkImport } from '../packages/server/src/domain/bulk/run-bulk-import.js';
import { aesGcmVault } from '../packages/server/src/adapters/keys/key-vault.js';
import { localKms } from '../packages/server/src/adapters/keys/kms.js';
import { personalDataKeys } from '../packages/server/src/adapters/storage/personal-data.js';
import { bulkFixture } from './bulk-setup.js';
import { benchDeps, open } from './issue-path.js';

const ms = (ns: number) => `${(ns / 1e6).toFixed(0)} ms`;
const cpuMs = (from: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
};

/** Runs `fn` with the event loop watched (10 ms resolution): its max delay, and the wall time. */
async function watched<T>(fn: () => Promise<T> | T): Promise<{ value: T; maxNs: number; wallMs: number }> {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  await new Promise((r) => setTimeout(r, 30)); // the histogram counts a block only after its first sample
  const t = performance.now();
  const value = await fn();
  await new Promise((r) => setTimeout(r, 30)); // let the histogram see the last block
  h.disable();
  return { value, maxNs: h.max, wallMs: performance.now() - t };
}

async function main() {
  const engine = (process.env.BENCH_ENGINE ?? 'sqlite') as 'sqlite' | 'postgres';
  const rows = Number(process.env.BENCH_ROWS ?? 100_000);
  const dir = mkdtempSync(join(tmpdir(), 'laurel-bulk-upload-'));
  const { storage, drop } = await open({ engine, databaseUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', workers: 0 }, dir);
  const deps = benchDeps(storage, dir);
  const app = await buildApp(deps, { logger: false });
  try {
    const { achievementId, headers, post } = await bulkFixture(app);
    const csv = [
      'Name,Email,Evidence URL,Narrative,Issued Date',
      ...Array.from({ length: rows }, (_, i) => `Learner Number ${i},learner.number-${i}@mooc-bench.example,https://mooc.example/evidence/${i},"Completed all 12 modules, final grade ${i % 100}/100",2026-06-30`),
    ].join('\n');
    console.log(`${engine}: ${rows} rows, ${(Buffer.byteLength(csv) / 1_048_576).toFixed(1)} MiB`);

    if (process.env.BENCH_SKIP_BEFORE !== '1') {
      const before = await watched(() => parseBulkCsv(parseCsvRecords, csv));
      console.log(`  before, parsed and validated in one go: event loop held ${ms(before.maxNs)} (max delay), ${before.wallMs.toFixed(0)} ms wall`);
    }

    const url = `/api/v1/achievements/${achievementId}/bulk`;
    const ticks: number[] = [];
    const ticker = setInterval(() => ticks.push(performance.now()), 5);
    const gaps = () => ticks.map((t, i) => (i ? t - ticks[i - 1]! : 0)).map((g, i) => [g, ticks[i]! - ticks[0]!] as const).filter(([g]) => g > 100);
    const preview = await watched(() => app.inject({ method: 'POST', url: `${url}?dryRun=true`, headers: { ...headers, 'content-type': 'text/csv' }, payload: csv }));
    clearInterval(ticker);
    if (process.env.BENCH_GAPS === '1') console.log('  gaps over 100 ms (length, at):', gaps().map(([g, at]) => `${g.toFixed(0)}@${at.toFixed(0)}`).join(' '));
    if (preview.value.statusCode !== 200) throw new Error(`preview ${preview.value.statusCode} ${preview.value.body.slice(0, 300)}`);
    console.log(`  after, dry run through the API (text/csv): event loop max delay ${ms(preview.maxNs)}, ${preview.wallMs.toFixed(0)} ms wall, response ${(preview.value.body.length / 1_048_576).toFixed(1)} MiB, ${ticks.length} 5 ms timer ticks ran meanwhile`);

    ticks.length = 0;
    const ticker2 = setInterval(() => ticks.push(performance.now()), 5);
    const start = await watched(() => post(url, { csv }));
    clearInterval(ticker2);
    if (process.env.BENCH_GAPS === '1') console.log('  gaps over 100 ms (length, at):', gaps().map(([g, at]) => `${g.toFixed(0)}@${at.toFixed(0)}`).join(' '));
    if (start.value.statusCode !== 202) throw new Error(`start ${start.value.statusCode} ${start.value.body.slice(0, 300)}`);
    const id = start.value.json<{ import: { id: string } }>().import.id;
    console.log(`  start ({csv} JSON, 202): event loop max delay ${ms(start.maxNs)}, ${start.wallMs.toFixed(0)} ms wall`);

    const split = await watched(() => runBulkImport(deps, { importId: id, role: 'owner' }));
    console.log(`  bulk.award split into ${split.value.parts} parts: event loop max delay ${ms(split.maxNs)}, ${split.wallMs.toFixed(0)} ms wall`);

    // Every part reads its rows: without the cache (each opens the whole sealed rows) and with it.
    const parts = split.value.parts ?? 1;
    for (const [name, cache] of [['before, every part opens the whole rows', new BulkRowsCache(0)], ['after, opened once per process', new BulkRowsCache()]] as const) {
      const repo = bulkImportRepo(storage.db, personalDataKeys(storage.db, localKms(aesGcmVault(Buffer.alloc(32, 7)))), cache);
      const cpu = process.cpuUsage();
      const t = performance.now();
      for (let p = 0; p < parts; p++) if ((await repo.findRowsForJob(id))?.rows.length !== rows) throw new Error('rows');
      console.log(`  ${name}: ${parts} parts read their rows in ${(performance.now() - t).toFixed(0)} ms wall, ${cpuMs(cpu).toFixed(0)} ms CPU (${(cpuMs(cpu) / parts).toFixed(1)} ms per part)`);
    }

    const progress = await watched(async () => {
      for (let i = 0; i < 20; i++) if ((await app.inject({ method: 'GET', url: `/api/v1/bulk-imports/${id}`, headers })).statusCode !== 200) throw new Error('progress');
    });
    console.log(`  20 progress reads: ${(progress.wallMs / 20).toFixed(1)} ms each, event loop max delay ${ms(progress.maxNs)}`);
  } finally {
    await app.close();
    await deps.untrusted.close();
    await drop();
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
