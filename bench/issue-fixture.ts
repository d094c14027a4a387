/**
 * What the issue-path benches share: an organisation set up through the API, its issuer and achievement, and the body
 * of the i-th issue (bench/issue-path.ts, issue-breakdown.ts, issue-statements.ts, issue-reads.ts), so that all of
 * them measure the same request.
 */
import type { FastifyInstance } from 'fastify';

export interface IssueFixture {
  apiKey: string;
  headers: { authorization: string };
  achievementId: string;
  /** The body of POST /api/v1/credentials for the i-th learner. */
  issueBody(i: number): object;
}

export async function issueFixture(app: FastifyInstance): Promise<IssueFixture> {
  const setup = await app.inject({ method: 'POST', url: '/api/v1/setup', payload: { organisationName: 'Bench University', email: 'owner@bench.example', password: 'a long enough password' } });
  if (setup.statusCode >= 300) throw new Error(`setup: ${setup.statusCode} ${setup.body.slice(0, 300)}`);
  const apiKey = setup.json<{ apiKey: string }>().apiKey;
  const headers = { authorization: `Bearer ${apiKey}` };
  const post = async (url: string, payload: object) => {
    const res = await app.inject({ method: 'POST', url, headers, payload });
    if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json<{ id: string }>();
  };
  const issuer = await post('/api/v1/issuers', { name: 'Bench Badges', url: 'https://bench.example', email: 'badges@bench.example', description: 'Issues benchmark badges' });
  const achievement = await post('/api/v1/achievements', {
    issuerId: issuer.id,
    kind: 'certificate',
    name: 'Benchmarked',
    description: 'Survived the benchmark',
    criteria: { narrative: 'Be issued', url: 'https://bench.example/criteria' },
    tags: ['bench', 'performance'],
  });
  return {
    apiKey,
    headers,
    achievementId: achievement.id,
    issueBody: (i) => ({
      achievementId: achievement.id,
      recipient: { email: `learner${i}@example.org`, name: `Learner ${i}` },
      narrative: `Passed attempt ${i}`,
      evidence: [{ url: `https://bench.example/portfolio/${i}`, name: 'Exam', narrative: `Scored ${i % 100}%` }],
    }),
  };
}
