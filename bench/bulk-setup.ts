/**
 * What the bulk benches share: an organisation set up through the API (bench/issue-fixture.ts), its issuer and
 * achievement, and a CSV of learners (bench/bulk-award.ts, bulk-profile.ts, bulk-emails.ts, bulk-upload.ts), so they
 * measure the same import.
 */
import type { FastifyInstance } from 'fastify';
import { JOB_CONCURRENCY } from '../packages/server/src/compose.js';
import { BENCH_ISSUER, issueFixture } from './issue-fixture.js';

/** Jobs each bench runner takes at once: the server's (`JOB_CONCURRENCY`), unless `BENCH_JOB_CONCURRENCY` says otherwise. */
export const benchJobConcurrency = (): number => Number(process.env.BENCH_JOB_CONCURRENCY ?? JOB_CONCURRENCY);

export interface BulkFixture {
  achievementId: string;
  headers: { authorization: string };
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
  const { achievementId, headers, post } = await issueFixture(app, {
    issuer: BENCH_ISSUER,
    achievement: { kind: 'certificate', name: 'Graduated', description: 'Finished the course', criteria: { narrative: 'Pass every module' } },
  });
  return {
    achievementId,
    headers,
    post,
    async startImport(csv) {
      const res = await post(`/api/v1/achievements/${achievementId}/bulk`, { csv });
      if (res.statusCode !== 202) throw new Error(`bulk: ${res.statusCode} ${res.body.slice(0, 300)}`);
      return res.json<{ import: { id: string } }>().import.id;
    },
  };
}
