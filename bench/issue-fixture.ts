/**
 * What the benches share: an organisation set up through the API, its issuer and achievement, and the body of the i-th
 * issue. By default the issue path's (bench/issue-path.ts, issue-breakdown.ts, issue-statements.ts, issue-reads.ts,
 * issue-ab.ts), so that all of them measure the same request; a bench that measured another issuer or achievement
 * names its own (`issuer`, `achievement`), and keeps measuring what it did. The bulk benches' is bench/bulk-setup.ts.
 */
import type { FastifyInstance } from 'fastify';

type Response = Awaited<ReturnType<FastifyInstance['inject']>>;

export interface IssueFixture {
  apiKey: string;
  headers: { authorization: string };
  issuerId: string;
  achievementId: string;
  /** POST with the organisation's API key: the response as it came. */
  post(url: string, payload: object): Promise<Response>;
  /** POST with the organisation's API key that must answer 201: its JSON. */
  create<T = { id: string }>(url: string, payload: object): Promise<T>;
  /** The body of POST /api/v1/credentials for the i-th learner. */
  issueBody(i: number): object;
  /** POST /api/v1/credentials of the i-th body, which must answer 201: the response. */
  issue(i: number): Promise<Response>;
}

export interface IssueFixtureOptions {
  /** Default 'Bench University'. */
  organisationName?: string;
  /** The body of POST /api/v1/issuers (default the issue path's: BENCH_ISSUER with a description). */
  issuer?: object;
  /** The body of POST /api/v1/achievements but its `issuerId` (default the issue path's certificate). */
  achievement?: object;
  /** How many such achievements (of the one issuer, named 1…n after the first); the i-th issue awards the (i mod n)-th. Default 1. */
  achievements?: number;
}

/** The issuer most benches create. */
export const BENCH_ISSUER = { name: 'Bench Badges', url: 'https://bench.example', email: 'badges@bench.example' };
const ISSUE_PATH_ISSUER = { ...BENCH_ISSUER, description: 'Issues benchmark badges' };
const ISSUE_PATH_ACHIEVEMENT = {
  kind: 'certificate',
  name: 'Benchmarked',
  description: 'Survived the benchmark',
  criteria: { narrative: 'Be issued', url: 'https://bench.example/criteria' },
  tags: ['bench', 'performance'],
};

export async function issueFixture(app: FastifyInstance, options: IssueFixtureOptions = {}): Promise<IssueFixture> {
  const organisationName = options.organisationName ?? 'Bench University';
  const setup = await app.inject({ method: 'POST', url: '/api/v1/setup', payload: { organisationName, email: 'owner@bench.example', password: 'a long enough password' } });
  if (setup.statusCode >= 300) throw new Error(`setup: ${setup.statusCode} ${setup.body.slice(0, 300)}`);
  const apiKey = setup.json<{ apiKey: string }>().apiKey;
  const headers = { authorization: `Bearer ${apiKey}` };
  const post = async (url: string, payload: object) => app.inject({ method: 'POST', url, headers, payload });
  const create = async <T = { id: string }>(url: string, payload: object): Promise<T> => {
    const res = await post(url, payload);
    if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json<T>();
  };
  const issuer = await create('/api/v1/issuers', options.issuer ?? ISSUE_PATH_ISSUER);
  const body = options.achievement ?? ISSUE_PATH_ACHIEVEMENT;
  const achievements: Array<{ id: string }> = [];
  for (let n = 0; n < (options.achievements ?? 1); n++) {
    achievements.push(await create('/api/v1/achievements', { issuerId: issuer.id, ...body, ...(n > 0 ? { name: `${(body as { name?: string }).name ?? 'Achievement'} ${n}` } : {}) }));
  }
  const achievement = achievements[0]!;
  const issueBody = (i: number) => ({
    achievementId: achievements[((i % achievements.length) + achievements.length) % achievements.length]!.id,
    recipient: { email: `learner${i}@example.org`, name: `Learner ${i}` },
    narrative: `Passed attempt ${i}`,
    evidence: [{ url: `https://bench.example/portfolio/${i}`, name: 'Exam', narrative: `Scored ${i % 100}%` }],
  });
  return {
    apiKey,
    headers,
    issuerId: issuer.id,
    achievementId: achievement.id,
    post,
    create,
    issueBody,
    async issue(i) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/credentials', headers, payload: issueBody(i) });
      if (res.statusCode !== 201) throw new Error(`${res.statusCode} ${res.body}`);
      return res;
    },
  };
}

/** The badge the public-page benches view (bench/page-views.ts, page-views-http.ts, public-cache.ts). */
const VIEWED_ACHIEVEMENT = { kind: 'badge', name: 'Benchmarked', description: 'Measured.', criteria: { narrative: 'Be measured.' } };

/** One credential issued through the API (setup, issuer, achievement): the page the public-page benches view. */
export async function issueOne(app: FastifyInstance, recipient: object = { email: 'ada@bench.example' }): Promise<{ id: string }> {
  const fixture = await issueFixture(app, { issuer: BENCH_ISSUER, achievement: VIEWED_ACHIEVEMENT });
  return fixture.create('/api/v1/credentials', { achievementId: fixture.achievementId, recipient });
}
