import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobRunner } from '../../src/adapters/jobs/job-runner.js';
import { createMailer } from '../../src/adapters/mail/mailer.js';
import { jobHandlers } from '../../src/compose.js';
import { createOrganisation } from '../../src/domain/organisations/create-organisation.js';
import { startSmtpServer, waitForMail } from '../support/smtp.js';
import { ENGINES, PASSWORD, apiClient, createTestApp, type ApiClient, type TestContext, organisationWithAchievement } from '../support/test-app.js';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const SAFARI = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';

/**
 * Issue 16: real actions (issue, the award e-mail through a real SMTP server, its open pixel and claim link,
 * claim, page views, share links, a verification through the API, a download of the signed credential) and then the
 * exact counts in the summary API, the series, the CSV export and the earner's backpack. Bots, Do-Not-Track
 * and GPC visitors, forged pixel tokens and forged verifications count nothing; another organisation sees nothing.
 */
describe.each(ENGINES)('analytics of real actions (%s)', (engine) => {
  let ctx: TestContext;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let api: ApiClient;
  let other: ApiClient;
  let achievementId: string;
  let issuerId: string;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    ctx = await createTestApp(engine, { mailer: createMailer({ smtpUrl: smtp.url, outboxDir: '/nonexistent', from: 'Acme <badges@acme.example>' }).mailer });
    ({ api, issuerId, achievementId } = await organisationWithAchievement(ctx.app));
    const b = await createOrganisation(ctx.deps, { name: 'Other Org', owner: { email: 'owner@other.example', password: PASSWORD } });
    other = apiClient(ctx.app, b.apiKeySecret);
  });
  afterAll(async () => {
    await ctx?.close();
    await smtp?.close();
  });

  const award = async (email: string, extra: Record<string, unknown> = {}): Promise<string> => {
    const res = await api.post('/api/v1/credentials', { achievementId, recipient: { email }, ...extra });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id;
  };
  const get = (url: string, headers: Record<string, string> = {}, remoteAddress = '198.51.100.7') =>
    ctx.app.inject({ method: 'GET', url, headers: { 'user-agent': FIREFOX, ...headers }, remoteAddress });
  const path = (url: string) => { const u = new URL(url); return u.pathname + u.search; };

  it('finds the exact count of every action in the summary, the series, the CSV and the backpack', async () => {
    const now = ctx.deps.clock.now();
    const earned = new Date(now.getTime() - 48 * 3_600_000 - 60_000).toISOString();
    const ada = await award('ada@example.org', { issuedOn: earned });
    await award('bob@example.org');
    await award('cy@example.org', { expires: new Date(now.getTime() + 86_400_000).toISOString() });
    const runner = createJobRunner({ queue: ctx.deps.store.jobs, handlers: jobHandlers(ctx.deps), clock: ctx.deps.clock, batchSize: 50 });
    while ((await runner.runOnce()) > 0);

    // The award e-mail, as the SMTP server received it: its open pixel and its claim link.
    const mail = await waitForMail(smtp.inbox, 'ada@example.org');
    const pixel = /src="([^"]+\/opened\.gif\?t=[^"]+)"/.exec(mail.decoded)![1]!.replace(/&amp;/g, '&');
    const token = /\/claim\/([A-Za-z0-9_-]+)/.exec(mail.decoded)![1]!;
    expect((await get(path(pixel))).headers['content-type']).toBe('image/gif');
    // A forged token, another credential's path, Do-Not-Track: the same GIF, nothing counted.
    expect((await get(`/credentials/${ada}/opened.gif?t=forged`)).statusCode).toBe(200);
    expect((await get(path(pixel), { dnt: '1' })).statusCode).toBe(200);

    expect((await get(`/api/v1/claims/${token}`)).statusCode).toBe(200);
    const claimed = await ctx.app.inject({ method: 'POST', url: `/api/v1/claims/${token}/account`, payload: { password: PASSWORD }, remoteAddress: '10.9.0.1' });
    expect(claimed.statusCode, claimed.body).toBe(201);
    const cookie = String(claimed.headers['set-cookie']).split(';')[0]!;

    // Views: two from one browser (one visitor), one from another; a crawler, GPC and Do-Not-Track are not counted.
    expect((await get(`/credentials/${ada}`)).statusCode).toBe(200);
    expect((await get(`/credentials/${ada}`)).statusCode).toBe(200);
    expect((await get(`/credentials/${ada}`, { 'user-agent': SAFARI }, '203.0.113.9')).statusCode).toBe(200);
    expect((await get(`/credentials/${ada}`, { 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' })).statusCode).toBe(200);
    expect((await get(`/credentials/${ada}`, { 'user-agent': 'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)' })).statusCode).toBe(200);
    expect((await get(`/credentials/${ada}`, { 'sec-gpc': '1' })).statusCode).toBe(200);

    // The organisation's data warehouse takes shares from the webhook stream (no DNS in tests: every host is public here).
    ctx.deps.webhookTransport = { refuse: async () => null, post: async () => ({ status: 200 }) };
    expect((await api.post('/api/v1/webhooks', { url: 'https://warehouse.acme.example/laurel', events: ['credential.shared'] })).statusCode).toBe(201);

    // Shares: the redirect goes to the network's dialog for this page, never anywhere the request says.
    const linkedin = await get(`/credentials/${ada}/share/linkedin?url=https://evil.example`);
    expect(linkedin.statusCode).toBe(302);
    expect(new URL(linkedin.headers.location!).searchParams.get('url')).toBe(`${ctx.deps.links.base}/credentials/${ada}`);
    expect(new URL(linkedin.headers.location!).host).toBe('www.linkedin.com');
    expect(new URL((await get(`/credentials/${ada}/share/x`)).headers.location!).host).toBe('twitter.com');
    expect(new URL((await get(`/credentials/${ada}/share/linkedin-profile`)).headers.location!).pathname).toBe('/profile/add');
    expect((await ctx.app.inject({ method: 'POST', url: `/credentials/${ada}/share/copy-link`, headers: { 'user-agent': FIREFOX } })).statusCode).toBe(204);
    expect((await get(`/credentials/${ada}/share/evil`)).statusCode).toBe(400);

    // A third party verifies the signed credential through the API; a tampered copy counts nothing.
    const document = (await get(`/ob3/credentials/${ada}`)).json();
    const verified = await ctx.app.inject({ method: 'POST', url: '/api/v1/verify', payload: document });
    expect(verified.json().valid).toBe(true);
    const tampered = await ctx.app.inject({ method: 'POST', url: '/api/v1/verify', payload: { ...document, name: 'Forged' } });
    expect(tampered.json().valid).toBe(false);
    // Each channel apart: Laurel's verify page says so (`channel=page`), the VC-API is its own; a channel the
    // caller invents is refused with a problem and counts nothing.
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/verify?channel=page', payload: document })).json().valid).toBe(true);
    expect((await ctx.app.inject({ method: 'POST', url: '/vc/credentials/verify', payload: { verifiableCredential: document } })).json().verified).toBe(true);
    const invented = await ctx.app.inject({ method: 'POST', url: '/api/v1/verify?channel=vc-api', payload: document });
    expect(invented.statusCode).toBe(400);
    expect(invented.headers['content-type']).toContain('application/problem+json');
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/verify?channel=%00evil', payload: document })).statusCode).toBe(400);

    // The signed credential taken from the page's download link (a verifier's fetch above is not a download).
    expect((await get(`/ob3/credentials/${ada}?download=1`)).statusCode).toBe(200);
    // The earner's own downloads from the backpack (their session; the JSON, the VC-JWT, the baked SVG) count as taken too, not as views.
    expect((await get(`/ob3/credentials/${ada}?download=1`, { cookie })).statusCode).toBe(200);
    expect((await get(`/ob3/credentials/${ada}?download=1`, { cookie, accept: 'application/vc+jwt' })).headers['content-type']).toContain('application/vc+jwt');
    expect((await get(`/credentials/${ada}/badge.svg?download=1`, { cookie })).statusCode).toBe(200);

    await ctx.deps.analytics.settled();
    const today = now.toISOString().slice(0, 10);
    const summary = await api.get(`/api/v1/analytics/summary?from=${today}&to=${today}`);
    expect(summary.statusCode, summary.body).toBe(200);
    const s = summary.json();
    expect(s).toMatchObject({
      issued: 3, delivered: 3, bounced: 0, opened: 1, clicked: 1, claimed: 1, viewed: 3, visitors: 2, shared: 3, linkedinAdded: 1, verified: 3, accepted: 4, downloaded: 0, revoked: 0, expired: 0,
      medianHoursToIssue: 48, medianHoursToClaim: 0,
      shares: { linkedin: 1, x: 1, facebook: 0, email: 0, 'copy-link': 1, embed: 0 },
      accepts: { baked: 1, oid4vci: 0, download: 3 },
      verifications: { page: 1, api: 1, 'vc-api': 1 },
    });
    expect(s.funnel).toEqual([{ step: 'issued', count: 3 }, { step: 'delivered', count: 3 }, { step: 'opened', count: 1 }, { step: 'claimed', count: 1 }, { step: 'shared', count: 3 }, { step: 'verified', count: 3 }]);
    expect(s.timeToIssue.buckets.find((b: { bucket: string }) => b.bucket === '1d-7d').count).toBe(1);

    // The expiry lands on its own day; the achievement filter and the week series agree.
    const tomorrow = new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
    expect((await api.get(`/api/v1/analytics/summary?from=${tomorrow}&to=${tomorrow}&achievementId=${achievementId}`)).json().expired).toBe(1);
    const series = (await api.get(`/api/v1/analytics/timeseries?from=${today}&to=${tomorrow}&interval=day`)).json();
    expect(series.points.map((p: { period: string; issued: number; expired: number }) => [p.period, p.issued, p.expired])).toEqual([[today, 3, 0], [tomorrow, 0, 1]]);
    const csv = await api.get(`/api/v1/analytics/export.csv?view=summary&from=${today}&to=${today}`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('\nviewed,3\r\n'.replace('\n', '\r\n'));
    expect((await api.get(`/api/v1/analytics/achievements?from=${today}&to=${today}`)).json().items).toMatchObject([{ achievementId, issued: 3, viewed: 3 }]);

    // The earner sees their own credential's views and verifications.
    const backpack = await ctx.app.inject({ method: 'GET', url: '/api/v1/me/credentials', headers: { cookie } });
    expect(backpack.json().items.find((i: { id: string }) => i.id === ada).activity).toEqual({ views: 3, visitors: 2, verifications: 3 });

    // Each counted share is one message on the webhook stream, naming its network, nothing about the person.
    const messages = await ctx.storage.db.selectFrom('webhook_messages').select(['event_type', 'payload']).where('event_type', '=', 'credential.shared').execute();
    expect(messages.map((m) => JSON.parse(m.payload).data.detail).sort()).toEqual(['copy-link', 'linkedin', 'x']);
    expect(JSON.parse(messages[0]!.payload).data).toMatchObject({ id: ada, achievementId, issuerId, status: 'active' });

    // Another organisation, and a filter naming this one's issuer, see nothing of it.
    expect((await other.get(`/api/v1/analytics/summary?from=${today}&to=${today}`)).json()).toMatchObject({ issued: 0, viewed: 0, verified: 0 });
    expect((await other.get(`/api/v1/analytics/summary?from=${today}&to=${today}&issuerId=${issuerId}`)).json()).toMatchObject({ issued: 0, viewed: 0 });
    // Nothing about a viewer is kept but today's salted hashes (in each credential's sketch of the day).
    const sketches = await ctx.storage.db.selectFrom('analytics_visitor_sketches').selectAll().execute();
    expect(sketches.length).toBeGreaterThan(0);
    expect(sketches.map((r) => `${r.credential_id} ${Buffer.from(r.sketch).toString('latin1')}`).join('\n')).not.toMatch(/198\.51|203\.0|Firefox|Safari/);
  });

  it('refuses a reversed or malformed range with a problem, not a 500', async () => {
    expect((await api.get('/api/v1/analytics/summary?from=2026-02-01&to=2026-01-01')).statusCode).toBe(400);
    expect((await api.get('/api/v1/analytics/summary?from=2026-02-30')).statusCode).toBe(400);
    expect((await api.get('/api/v1/analytics/summary?from=2020-01-01&to=2026-01-01')).statusCode).toBe(400);
    expect((await api.get('/api/v1/analytics/export.csv?view=nope')).statusCode).toBe(400);
  });
});
