/**
 * Award rules on events: a burst of events through POST /api/v1/events (inject), each stored and
 * answered 202, evaluated by the durable job runner(s) running meanwhile, each awarding one credential
 * through the full issue path. Measures events per second from the first POST to the last award, and
 * checks that none was lost (every event processed, one credential and one rule_awards row each).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../packages/server/src/adapters/http/app.js';
import { createJobRunner } from '../packages/server/src/adapters/jobs/job-runner.js';
import { jobHandlers } from '../packages/server/src/compose.js';
import { BENCH_ISSUER, issueFixture } from './issue-fixture.js';
import { benchDeps, open } from './issue-path.js';

export interface EventBurstConfig {
  engine: 'sqlite' | 'postgres';
  databaseUrl?: string | undefined;
  events: number;
  /** POSTs in flight. */
  concurrency: number;
  /** Job runners polling the same jobs table (as worker processes would). */
  runners: number;
}

export interface EventBurstResult {
  /** Events per second, first POST to last award. */
  perSecond: number;
  /** Events accepted (202) per second while posting. */
  acceptedPerSecond: number;
  lost: number;
  failures: string[];
  /** Median and 99th percentile of occurredAt → issued, in ms. */
  p50Ms: number;
  p99Ms: number;
}

export async function benchEventBurst(config: EventBurstConfig): Promise<EventBurstResult> {
  const failures: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'laurel-bench-events-'));
  // `workers` only names the PostgreSQL schema here (this run signs in-process): one of its own.
  const { storage, drop } = await open({ ...config, workers: 9 }, dir);
  const deps = benchDeps(storage, dir);
  const app = await buildApp(deps, { logger: false });
  // Only the evaluation job matters here: the award e-mails (credential.issued) are left queued.
  const handlers = jobHandlers(deps).filter((h) => h.name === 'events.evaluate');
  const runners = Array.from({ length: config.runners }, (_, i) => createJobRunner({ queue: deps.store.jobs, handlers, clock: deps.clock, batchSize: 25, pollMs: 20, workerId: `bench-${i}` }));
  try {
    const { achievementId, post } = await issueFixture(app, {
      issuer: BENCH_ISSUER,
      achievement: { kind: 'badge', name: 'Passed', description: 'Passed the course', criteria: { narrative: 'Score 80 or more' } },
    });
    const rule = await post(`/api/v1/achievements/${achievementId}/rules`, { name: 'Passed', eventType: 'course.completed', conditions: { all: [{ path: 'score', op: '>=', value: 80 }] } });
    if (rule.statusCode !== 201) throw new Error(`rule: ${rule.statusCode} ${rule.body}`);

    const started = performance.now();
    for (const r of runners) r.start();
    let next = 0;
    const lane = async () => {
      while (next < config.events) {
        const i = next++;
        const res = await post('/api/v1/events', { id: `burst-${i}`, type: 'course.completed', occurredAt: new Date().toISOString(), subject: { email: `learner-${i}@bench.example` }, data: { score: 80 + (i % 20) } });
        if (res.statusCode !== 202 && failures.length < 5) failures.push(`${res.statusCode} ${res.body.slice(0, 120)}`);
      }
    };
    await Promise.all(Array.from({ length: config.concurrency }, lane));
    const acceptedMs = performance.now() - started;
    for (;;) {
      const pending = await storage.db.selectFrom('inbound_events').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'pending').executeTakeFirstOrThrow();
      if (Number(pending.n) === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const ms = performance.now() - started;
    const awards = await storage.db.selectFrom('rule_awards').select('latency_ms').execute();
    const credentials = await storage.db.selectFrom('credentials').select((eb) => eb.fn.countAll<number>().as('n')).where('achievement_id', '=', achievementId).executeTakeFirstOrThrow();
    const latencies = awards.map((a) => Number(a.latency_ms)).sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
    return {
      perSecond: (config.events * 1000) / ms,
      acceptedPerSecond: (config.events * 1000) / acceptedMs,
      lost: config.events - Math.min(awards.length, Number(credentials.n)),
      failures,
      p50Ms: at(0.5),
      p99Ms: at(0.99),
    };
  } finally {
    await Promise.all(runners.map((r) => r.stop()));
    await app.close();
    await deps.untrusted.close();
    await drop();
  }
}
