/**
 * Analytics overhead on the public credential page: the same GET /credentials/:id (inject, one credential,
 * 16 in flight) with the view recorded (a browser's user agent: counter, day-salted hash, rollup) and
 * without (the same request with `DNT: 1`, which records nothing). Recording is timed to its last write
 * (`settled()`), so the cost of the database writes is inside the measured time.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../packages/server/src/adapters/http/app.js';
import { benchDeps, open } from './issue-path.js';

export interface PageViewsConfig {
  engine: 'sqlite' | 'postgres';
  databaseUrl?: string | undefined;
  iterations: number;
  warmup: number;
  concurrency: number;
}

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

export async function benchPageViews(config: PageViewsConfig): Promise<{ recorded: number; unrecorded: number; views: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'laurel-bench-views-'));
  const { storage, drop } = await open({ ...config, workers: 8 }, dir);
  const deps = benchDeps(storage, dir);
  const app = await buildApp(deps, { logger: false });
  try {
    const setup = await app.inject({ method: 'POST', url: '/api/v1/setup', payload: { organisationName: 'Bench University', email: 'owner@bench.example', password: 'a long enough password' } });
    const headers = { authorization: `Bearer ${setup.json<{ apiKey: string }>().apiKey}` };
    const post = async (url: string, payload: object) => app.inject({ method: 'POST', url, headers, payload });
    const issuer = (await post('/api/v1/issuers', { name: 'Bench Badges', url: 'https://bench.example', email: 'badges@bench.example' })).json<{ id: string }>();
    const achievement = (await post('/api/v1/achievements', { issuerId: issuer.id, kind: 'badge', name: 'Benchmarked', description: 'Measured.', criteria: { narrative: 'Be measured.' } })).json<{ id: string }>();
    const issued = await post('/api/v1/credentials', { achievementId: achievement.id, recipient: { email: 'ada@bench.example' } });
    if (issued.statusCode !== 201) throw new Error(`issue answered ${issued.statusCode}: ${issued.body}`);
    const credential = issued.json<{ id: string }>();
    let address = 0;
    const view = (dnt: boolean) => app.inject({ method: 'GET', url: `/credentials/${credential.id}`, headers: { 'user-agent': BROWSER, accept: 'text/html', ...(dnt ? { dnt: '1' } : {}) }, remoteAddress: `10.0.${(address >> 8) & 255}.${address++ & 255}` });
    const run = async (count: number, dnt: boolean): Promise<number> => {
      let next = 0;
      const started = performance.now();
      await Promise.all(Array.from({ length: config.concurrency }, async () => {
        while (next++ < count) {
          const res = await view(dnt);
          if (res.statusCode !== 200) throw new Error(`page answered ${res.statusCode}`);
        }
      }));
      await deps.analytics.settled();
      return count / ((performance.now() - started) / 1000);
    };
    await run(config.warmup, true);
    await run(config.warmup, false);
    // Alternate so that neither side gets the warmer half of the run.
    const recorded: number[] = [];
    const unrecorded: number[] = [];
    for (let round = 0; round < 3; round++) {
      unrecorded.push(await run(Math.ceil(config.iterations / 3), true));
      recorded.push(await run(Math.ceil(config.iterations / 3), false));
    }
    const total = await deps.store.analytics.totals({ orgId: (await deps.store.credentials.findPublic(credential.id))!.orgId, from: '2000-01-01', to: '2999-12-31' }, ['viewed']);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    return { recorded: mean(recorded), unrecorded: mean(unrecorded), views: total.reduce((s, r) => s + r.count, 0) };
  } finally {
    await app.close();
    await drop();
  }
}
