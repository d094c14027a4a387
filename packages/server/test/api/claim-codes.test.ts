import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobRunner } from '../../src/adapters/jobs/job-runner.js';
import { createOrganisation } from '../../src/domain/organisations/create-organisation.js';
import type { MailMessage } from '../../src/domain/notifications/ports.js';
import { ENGINES, PASSWORD, apiClient, createTestApp, minimalAchievement, minimalIssuer, setupOrganisation, type ApiClient, type TestContext } from '../support/test-app.js';
import { drainJobs, testJobRunner } from '../support/jobs.js';

const PROBLEM = 'https://laurel.dev/problems/';

describe.each(ENGINES)('award by link: claim codes (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let other: ApiClient;
  let runner: JobRunner;
  let achievementId: string;
  let now = Date.parse('2026-12-07T10:00:00Z');
  const clock = { now: () => new Date(now) };
  const mails: MailMessage[] = [];
  const drain = () => drainJobs(runner);
  const inADay = () => new Date(now + 86_400_000).toISOString();
  const makeCode = async (body: Record<string, unknown> = {}) => {
    const res = await api.post(`/api/v1/achievements/${achievementId}/claim-codes`, { expiresAt: inADay(), maxUses: 10, ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string; code: string; url: string; qrCode: string; uses: number }>();
  };
  /** A claimer: the public JSON endpoint, each from its own IP (the rate limit is per IP). */
  let ip = 1;
  const claim = (code: string, email: string, name = 'Claimer') =>
    ctx.app.inject({ method: 'POST', url: `/api/v1/public/claim-codes/${code}`, payload: { email, name }, remoteAddress: `10.0.${Math.floor(ip / 250)}.${(ip++ % 250) + 1}` });
  const awardsTo = async (email: string) => (await api.get(`/api/v1/credentials?recipient=${encodeURIComponent(email)}`)).json().items as { id: string }[];

  beforeAll(async () => {
    ctx = await createTestApp(engine, { clock, mailer: { send: async (m) => void mails.push(m) } });
    runner = testJobRunner(ctx, clock);
    api = apiClient(ctx.app, (await setupOrganisation(ctx.app)).apiKey);
    other = apiClient(ctx.app, (await createOrganisation(ctx.deps, { name: 'Other Org', owner: { email: 'owner@other.example', password: PASSWORD } })).apiKeySecret);
    const issuerId = (await api.post('/api/v1/issuers', minimalIssuer)).json().id;
    achievementId = (await api.post('/api/v1/achievements', { ...minimalAchievement(issuerId), name: 'Conference Speaker' })).json().id;
  });
  afterAll(async () => ctx?.close());

  it('makes a code shown once (link + QR), stores only its hash, and awards through the claim page (en/fr)', async () => {
    const made = await makeCode({ label: 'DevConf 2026' });
    expect(made.code).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(made.url).toBe(`https://badges.test.example/claim-code/${made.code}`);
    expect(made.qrCode).toMatch(/^data:image\/png;base64,/);
    const listed = await api.get('/api/v1/claim-codes');
    expect(listed.json().items[0]).toMatchObject({ id: made.id, label: 'DevConf 2026', maxUses: 10, uses: 0, withdrawnAt: null });
    expect(listed.body).not.toContain(made.code);
    expect((await other.get('/api/v1/claim-codes')).json().items).toEqual([]);

    const page = await ctx.app.inject({ method: 'GET', url: `/claim-code/${made.code}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Claim &quot;Conference Speaker&quot;');
    expect(page.body).toContain('<label for="email">');
    expect(page.headers['content-security-policy']).toContain("form-action 'self'");
    const fr = await ctx.app.inject({ method: 'GET', url: `/claim-code/${made.code}`, headers: { 'accept-language': 'fr' } });
    expect(fr.body).toContain('Recevoir « Conference Speaker »');

    const posted = await ctx.app.inject({ method: 'POST', url: `/claim-code/${made.code}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'name=Grace+Hopper&email=Grace%40Example.org' });
    expect(posted.statusCode, posted.body).toBe(200);
    expect(posted.body).toContain('Your badge has been awarded.');
    const awarded = await awardsTo('grace@example.org');
    expect(awarded).toHaveLength(1);
    expect(awarded[0]).toMatchObject({ recipient: expect.objectContaining({ name: 'Grace Hopper' }) });

    // Exactly one award per e-mail per code.
    const again = await claim(made.code, 'grace@example.org');
    expect(again.statusCode).toBe(409);
    expect(again.json().type).toBe(`${PROBLEM}conflict`);
    expect(await awardsTo('grace@example.org')).toHaveLength(1);
    expect((await api.get('/api/v1/claim-codes')).json().items.find((c: { id: string }) => c.id === made.id).uses).toBe(1);
  });

  it('refuses forged, withdrawn, expired and used-up codes with problem documents', async () => {
    const forged = await claim('AAAAAAAAAAAAAAAAAAAAAA', 'x@example.org');
    expect(forged.statusCode).toBe(404);
    expect(forged.json().type).toBe(`${PROBLEM}not-found`);
    expect((await ctx.app.inject({ method: 'GET', url: '/claim-code/AAAAAAAAAAAAAAAAAAAAAA' })).statusCode).toBe(404);
    expect((await claim('not a code!', 'x@example.org')).statusCode).toBe(400);

    const withdrawn = await makeCode();
    expect((await other.post(`/api/v1/claim-codes/${withdrawn.id}/withdraw`)).statusCode).toBe(404);
    expect((await api.post(`/api/v1/claim-codes/${withdrawn.id}/withdraw`)).json().withdrawnAt).toEqual(expect.any(String));
    const w = await claim(withdrawn.code, 'w@example.org');
    expect([w.statusCode, w.json().type]).toEqual([410, `${PROBLEM}claim-code-withdrawn`]);
    const wPage = await ctx.app.inject({ method: 'GET', url: `/claim-code/${withdrawn.code}` });
    expect(wPage.statusCode).toBe(410);
    expect(wPage.body).toContain('This badge cannot be claimed');

    const single = await makeCode({ maxUses: 1 });
    expect((await claim(single.code, 'first@example.org')).statusCode).toBe(200);
    const u = await claim(single.code, 'second@example.org');
    expect([u.statusCode, u.json().type]).toEqual([409, `${PROBLEM}claim-code-used-up`]);

    const expiring = await makeCode();
    now += 2 * 86_400_000;
    try {
      const e = await claim(expiring.code, 'late@example.org');
      expect([e.statusCode, e.json().type]).toEqual([410, `${PROBLEM}claim-code-expired`]);
    } finally {
      now -= 2 * 86_400_000;
    }
    expect(await awardsTo('late@example.org')).toEqual([]);
    expect(await awardsTo('w@example.org')).toEqual([]);

    // Making codes: bad input, another organisation's achievement.
    expect((await api.post(`/api/v1/achievements/${achievementId}/claim-codes`, { expiresAt: new Date(now - 1000).toISOString(), maxUses: 1 })).statusCode).toBe(400);
    expect((await api.post(`/api/v1/achievements/${achievementId}/claim-codes`, { expiresAt: inADay(), maxUses: 0 })).statusCode).toBe(400);
    expect((await other.post(`/api/v1/achievements/${achievementId}/claim-codes`, { expiresAt: inADay(), maxUses: 1 })).statusCode).toBe(404);
  });

  it('holds the cap under concurrent claims: cap N gives exactly N awards', async () => {
    const cap = 5;
    const made = await makeCode({ maxUses: cap });
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => claim(made.code, `rush${i}@example.org`)));
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(cap);
    expect(statuses.filter((s) => s !== 200).every((s) => s === 409)).toBe(true);
    const awarded = (await Promise.all(Array.from({ length: 20 }, (_, i) => awardsTo(`rush${i}@example.org`)))).flat();
    expect(awarded).toHaveLength(cap);
    expect((await api.get('/api/v1/claim-codes')).json().items.find((c: { id: string }) => c.id === made.id).uses).toBe(cap);

    // The same e-mail claiming many times at once gets one award.
    const roomy = await makeCode({ maxUses: 50 });
    const same = await Promise.all(Array.from({ length: 8 }, () => claim(roomy.code, 'twice@example.org')));
    expect(same.filter((a) => a.statusCode === 200)).toHaveLength(1);
    expect(await awardsTo('twice@example.org')).toHaveLength(1);
    expect((await api.get('/api/v1/claim-codes')).json().items.find((c: { id: string }) => c.id === roomy.id).uses).toBe(1);
  });

  it('with e-mail verification, awards only when the mailed link is used (once)', async () => {
    const made = await makeCode({ verifyEmail: true });
    const res = await claim(made.code, 'verify@example.org', 'Vera');
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ status: 'confirm-email' });
    expect(await awardsTo('verify@example.org')).toEqual([]);
    mails.length = 0;
    await drain();
    const mail = mails.find((m) => m.to === 'verify@example.org')!;
    expect(mail.subject).toContain('Conference Speaker');
    const link = /https:\/\/badges\.test\.example(\/claim-code\/confirm\/[A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
    // The GET (a mail scanner's visit) awards nothing.
    expect((await ctx.app.inject({ method: 'GET', url: link })).statusCode).toBe(200);
    expect(await awardsTo('verify@example.org')).toEqual([]);
    const confirmed = await ctx.app.inject({ method: 'POST', url: link });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.body).toContain('Your badge has been awarded.');
    expect(await awardsTo('verify@example.org')).toHaveLength(1);
    expect((await ctx.app.inject({ method: 'POST', url: link })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'POST', url: '/claim-code/confirm/forgedforgedforgedforged' })).statusCode).toBe(404);
  });

  it('rate-limits claims per IP', async () => {
    const made = await makeCode({ maxUses: 100 });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      statuses.push((await ctx.app.inject({ method: 'POST', url: `/api/v1/public/claim-codes/${made.code}`, payload: { email: `rl${i}@example.org` }, remoteAddress: '192.0.2.77' })).statusCode);
    }
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    // The claim form counts on its own, failed guesses included: forging codes from one address stops quickly.
    const guesses: number[] = [];
    for (let i = 0; i < 11; i++) {
      guesses.push((await ctx.app.inject({ method: 'POST', url: `/claim-code/forged${i}forged${i}forged`, payload: { email: 'form@example.org' }, remoteAddress: '192.0.2.78' })).statusCode);
    }
    expect(guesses).toEqual([...Array(10).fill(404), 429]);
    // Another address is not affected.
    expect((await claim(made.code, 'elsewhere@example.org')).statusCode).toBe(200);
  });
});
