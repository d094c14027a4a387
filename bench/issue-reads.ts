/**
 * What one read of the issue path costs through the app's own store (Kysely, node-postgres or better-sqlite3): the
 * API-key read and the issuing-context read, each alone, one at a time, with the CPU of this process and (PostgreSQL,
 * local) of the backend that ran it; and the one read of both the issue route makes since they were merged.
 * `node --conditions=source --import tsx bench/issue-reads.ts [sqlite|postgres]`; N (reads, default 3000), BENCH_DATABASE_URL.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { buildApp } from '../packages/server/src/adapters/http/app.js';
import { sha256Hex } from '../packages/server/src/domain/shared/hash.js';
import { benchDeps, open } from './issue-path.js';
import { issueFixture } from './issue-fixture.js';

const engine = (process.argv[2] ?? 'postgres') as 'sqlite' | 'postgres';
const N = Number(process.env.N ?? 3000);

// The backends that ran statements since the last look, and their CPU (µs, /proc/<pid>/schedstat).
const backends = new Set<number>();
const query = pg.Client.prototype.query as (...a: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: unknown }).query = function (this: pg.Client & { processID?: number }, ...args: unknown[]) {
  if (this.processID) backends.add(this.processID);
  return query.apply(this, args);
};
const backendUs = () => {
  let total = 0;
  for (const pid of backends) {
    try {
      total += Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1000;
    } catch {
      // gone
    }
  }
  return total;
};
const processUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'laurel-reads-'));
  const { storage, drop } = await open({ engine, databaseUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', workers: 0 }, dir);
  const deps = benchDeps(storage, dir);
  const app = await buildApp(deps, { logger: false });
  try {
    const { apiKey, achievementId } = await issueFixture(app);
    const key = await deps.store.apiKeys.findByHash(sha256Hex(apiKey));
    if (!key) throw new Error('no key');
    const reads: Record<string, () => Promise<unknown>> = {
      'API key': () => deps.store.apiKeys.findByHash(sha256Hex(apiKey)),
      'issuing context': () => deps.store.credentials.issuingContext(key.orgId, achievementId),
    };
    // Both in one statement, as the issue route reads them (`CredentialRepo.keyAndIssuingContext`), mapped.
    const hash = sha256Hex(apiKey);
    reads['both in one read'] = () => deps.store.credentials.keyAndIssuingContext(hash, achievementId);
    // Interleaved rounds, so that drift on a loaded machine falls on both alike.
    const totals = new Map<string, { node: number; backend: number }>();
    for (let round = 0; round < 6; round++) {
      for (const [name, read] of Object.entries(reads)) {
        for (let i = 0; i < 50; i++) await read();
        const [n0, b0] = [processUs(), backendUs()];
        for (let i = 0; i < N / 6; i++) await read();
        const t = totals.get(name) ?? { node: 0, backend: 0 };
        t.node += processUs() - n0;
        t.backend += backendUs() - b0;
        totals.set(name, t);
      }
    }
    for (const [name, t] of totals) console.log(`${engine} ${name}: ${(t.node / N).toFixed(0)} µs this process${engine === 'postgres' ? `, ${(t.backend / N).toFixed(0)} µs backend` : ''} per read`);
  } finally {
    await app.close();
    await drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (e: unknown) => { console.error(e); process.exit(1); });
