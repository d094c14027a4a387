/**
 * What the bulk benches share: an organisation set up through the API, its issuer and achievement, and a CSV of
 * learners (bench/bulk-award.ts, bench/bulk-profile.ts), so both measure the same import.
 */
import type { FastifyInstance } from 'fastify';
import { JOB_CONCURRENCY } from '../packages/server/src/compose.js';

/** Jobs each bench runner takes at once: the server's (`JOB_CONCURRENCY`), unless `BENCH_JOB_CONCURRENCY` says otherwise. */
export const benchJobConcurrency = (): number => Number(process.env.BENCH_JOB_CONCURRENCY ?? JOB_CONCURRENCY);

export interface BulkFixture {
  achievementId: string;
  /** POST with the organisation's API key. */
  post(url: string, payload: object): Promise<Awaited<ReturnType<FastifyInstance['inject']>>>;
  /** Starts an import of the CSV; its id. */
  startImport(csv: string): Promise<string>;
}

/** `rows` learners, `name,email`, the addresses prefixed (`learner-0@bench.example` …). */
export const learnersCsv = (rows: number, prefix = 'learner'): string =>
  ['name,email', ...Array.from({ length: rows }, (_, i) => `Learner ${i},${prefix}-${i}@bench.example`)].join('\n');

/** The organisation (setup), its issuer and the achievement every bulk bench awards. */
export async function bulkFixture(app: FastifyInstance): Promise<BulkFixture> {
  const setup = await app.inject({ method: 'POST', url: '/api/v1/setup', payload: { organisationName: 'Bench University', email: 'owner@bench.example', password: 'a long enough password' } });
  if (setup.statusCode >= 300) throw new Error(`setup: ${setup.statusCode} ${setup.body.slice(0, 300)}`);
  const headers = { authorization: `Bearer ${setup.json<{ apiKey: string }>().apiKey}` };
  const post = async (url: string, payload: object) => app.inject({ method: 'POST', url, headers, payload });
  const issuer = (await post('/api/v1/issuers', { name: 'Bench Badges', url: 'https://bench.example', email: 'badges@bench.example' })).json<{ id: string }>();
  const achievement = (await post('/api/v1/achievements', { issuerId: issuer.id, kind: 'certificate', name: 'Graduated', description: 'Finished the course', criteria: { narrative: 'Pass every module' } })).json<{ id: string }>();
  return {
    achievementId: achievement.id,
    post,
    async startImport(csv) {
      const res = await post(`/api/v1/achievements/${achievement.id}/bulk`, { csv });
      if (res.statusCode !== 202) throw new Error(`bulk: ${res.statusCode} ${res.body.slice(0, 300)}`);
      return res.json<{ import: { id: string } }>().import.id;
    },
  };
}
