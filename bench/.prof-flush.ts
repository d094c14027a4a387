import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../packages/server/src/adapters/http/app.js';
import { benchDeps, open } from './issue-path.js';
const dir = mkdtempSync(join(tmpdir(), 'laurel-prof-'));
const engine = process.env.BENCH_DATABASE_URL ? ({ engine: 'postgres', databaseUrl: process.env.BENCH_DATABASE_URL } as const) : ({ engine: 'sqlite' } as const);
const { storage, drop } = await open({ ...engine, workers: 8 }, dir);
const deps = benchDeps(storage, dir);
const app = await buildApp(deps, { logger: false });
const setup = await app.inject({ method: 'POST', url: '/api/v1/setup', payload: { organisationName: 'B', email: 'o@b.example', password: 'a long enough password' } });
const headers = { authorization: `Bearer ${setup.json<{ apiKey: string }>().apiKey}` };
const post = async (url: string, payload: object) => app.inject({ method: 'POST', url, headers, payload });
const issuer = (await post('/api/v1/issuers', { name: 'B', url: 'https://b.example', email: 'b@b.example' })).json<{ id: string }>();
const achievement = (await post('/api/v1/achievements', { issuerId: issuer.id, kind: 'badge', name: 'B', description: 'M.', criteria: { narrative: 'B.' } })).json<{ id: string }>();
const c = (await post('/api/v1/credentials', { achievementId: achievement.id, recipient: { email: 'a@b.example' } })).json<{ id: string }>();
const found = (await deps.store.credentials.findPublic(c.id))!;
const ref = { id: found.id, orgId: found.orgId, issuerId: found.issuerId, achievementId: found.achievementId };
const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
let a = 0;
for (const N of [1, 1, 1, 10, 100, 300, 1000, 1, 1, 300, 1000]) {
  const reps = 20; let rec = 0, fl = 0;
  for (let r = 0; r < reps; r++) {
    const from = process.cpuUsage();
    for (let i = 0; i < N; i++) { const x = a++; deps.analytics.record({ credential: ref, metric: 'viewed', browser: true, signal: { userAgent: UA, address: `10.${(x >> 16) & 255}.${(x >> 8) & 255}.${x & 255}` } }); }
    const mid = process.cpuUsage(from);
    await deps.analytics.settled();
    const cpu = process.cpuUsage(from);
    rec += mid.user + mid.system; fl += cpu.user + cpu.system - mid.user - mid.system;
  }
  console.log(`N=${N}: record ${(rec / reps / N).toFixed(2)} µs/view, flush ${(fl / reps).toFixed(0)} µs per flush = ${(fl / reps / N).toFixed(2)} µs/view`);
}
await app.close(); await drop(); process.exit(0);
