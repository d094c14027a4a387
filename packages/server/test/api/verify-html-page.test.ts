import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appVerifyingFrom, startBadgeHost, type BadgeHost } from '../support/foreign-badges.js';
import { BASE_URL, createTestApp, ENGINES, minimalCredential, type ApiClient, type TestContext, organisationWithAchievement } from '../support/test-app.js';

const sourceCheck = (res: LightMyRequestResponse) => res.json<{ checks: { name: string; code: string; message: string }[] }>().checks.find((c) => c.name === 'source');

const page = (head: string) => `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>My badge</title>${head}</head><body><svg viewBox="0 0 1 1"></svg><p>Hello</p></body></html>`;

/** A credential's public page URL (the PDF footer, a shared link) pasted into the verifier. */
describe.each(ENGINES)('POST /api/v1/verify: an HTML page that links to its credential (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let app: FastifyInstance;
  let host: BadgeHost;
  let credentialId: string;
  let storedOb3: string;

  const verifyUrl = (url: string) => app.inject({ method: 'POST', url: '/api/v1/verify', payload: { url } });
  const serve = (path: string, body: string, type = 'text/html; charset=utf-8') =>
    host.routes.set(path, (_req, res) => {
      res.writeHead(200, { 'content-type': type });
      res.end(body);
    });

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    host = await startBadgeHost();
    app = await appVerifyingFrom(ctx, host);
    const made = await organisationWithAchievement(ctx.app);
    api = made.api;
    const { achievementId } = made;
    credentialId = (await api.post('/api/v1/credentials', minimalCredential(achievementId, 'ada@example.org'))).json().id;
    storedOb3 = (await ctx.deps.store.credentialDocuments.find(credentialId, 'ob3'))!.body;
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
    await host?.close();
  });

  it("this Laurel's own credential page URL (the PDF footer) verifies as its credential", async () => {
    const pageUrl = `${BASE_URL}/credentials/${credentialId}`;
    const res = await verifyUrl(pageUrl);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json(), res.body).toMatchObject({ valid: true, format: 'ob3-ldp', input: { kind: 'url', url: pageUrl } });
    expect(res.json().credential.id).toBe(JSON.parse(storedOb3).id);
    // The page advertises its credential for any reader.
    const html = (await ctx.app.inject({ method: 'GET', url: `/credentials/${credentialId}` })).body;
    expect(html).toContain(`<link rel="alternate" type="application/ld+json" href="${BASE_URL}/ob3/credentials/${credentialId}">`);
  });

  it('a foreign page linking to its credential on its own origin is followed (one hop)', async () => {
    serve('/cred.json', storedOb3, 'application/ld+json');
    serve('/badge-page', page('<link href="/cred.json" type="application/ld+json" rel="alternate nofollow">'));
    const res = await verifyUrl(`${host.origin}/badge-page`);
    expect(res.json(), res.body).toMatchObject({ valid: true, format: 'ob3-ldp', input: { kind: 'url', url: `${host.origin}/badge-page` } });
  });

  it('an HTML page is never read as an SVG: without a credential link it says so', async () => {
    serve('/plain-page', page('<link rel="stylesheet" href="/x.css"><link rel="alternate" type="application/rss+xml" href="/feed">'));
    const res = await verifyUrl(`${host.origin}/plain-page`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ valid: false, input: { kind: 'url' } });
    expect(sourceCheck(res)).toMatchObject({ code: 'source-html-no-credential' });
    expect(res.body).not.toContain('image-no-badge');
    // Served as text/plain or without a useful type, an HTML document is still recognised.
    serve('/untyped-page', page(''), 'text/plain');
    expect(sourceCheck(await verifyUrl(`${host.origin}/untyped-page`))).toMatchObject({ code: 'source-html-no-credential' });
  });

  it('a link to another origin is not followed, nor a second HTML page (one hop only)', async () => {
    // Another origin (here: this Laurel's own credential): an attacker's page cannot make the verifier fetch elsewhere.
    serve('/elsewhere', page(`<link rel="alternate" type="application/ld+json" href="${BASE_URL}/ob3/credentials/${credentialId}">`));
    expect(sourceCheck(await verifyUrl(`${host.origin}/elsewhere`))).toMatchObject({ code: 'source-html-no-credential' });
    serve('/hop2', page('<link rel="alternate" type="application/ld+json" href="/cred.json">'));
    serve('/hop1', page('<link rel="alternate" type="application/ld+json" href="/hop2">'));
    expect(sourceCheck(await verifyUrl(`${host.origin}/hop1`))).toMatchObject({ code: 'source-html-no-credential' });
    let hits = 0;
    host.routes.set('/loop', (_req, res) => {
      hits++;
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(page('<link rel="alternate" type="application/ld+json" href="/loop">'));
    });
    expect(sourceCheck(await verifyUrl(`${host.origin}/loop`))).toMatchObject({ code: 'source-html-no-credential' });
    expect(hits).toBeLessThanOrEqual(2);
    // Non-web schemes in href are ignored.
    serve('/scheme', page('<link rel="alternate" type="application/ld+json" href="javascript:alert(1)">'));
    expect(sourceCheck(await verifyUrl(`${host.origin}/scheme`))).toMatchObject({ code: 'source-html-no-credential' });
  });

  it('an uploaded HTML file is a 400 problem naming the HTML, never an SVG', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/verify', headers: { 'content-type': 'text/plain' }, payload: page('') });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().detail).toMatch(/HTML/);
    expect(res.body).not.toMatch(/SVG/);
  });
});
