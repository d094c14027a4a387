import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, ENGINES, apiClient, createTestApp, minimalAchievement, minimalIssuer, setupOrganisation, type ApiClient, type TestContext } from '../support/test-app.js';
import { isHtml, meta } from './html-helpers.js';

describe.each(ENGINES)('public issuer page (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let issuerId: string;

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    api = apiClient(ctx.app, (await setupOrganisation(ctx.app)).apiKey);
    issuerId = (await api.post('/api/v1/issuers', { ...minimalIssuer, description: 'Badges for lifelong learners' })).json().id;
    await api.post('/api/v1/achievements', { ...minimalAchievement(issuerId), name: 'Zig basics', kind: 'badge' });
    await api.post('/api/v1/achievements', { ...minimalAchievement(issuerId), name: 'Advanced Rust', kind: 'certification' });
    const otherIssuer = (await api.post('/api/v1/issuers', { ...minimalIssuer, name: 'Other' })).json().id;
    await api.post('/api/v1/achievements', { ...minimalAchievement(otherIssuer), name: 'Not listed here' });
  });
  afterAll(async () => ctx?.close());

  it("lists the issuer's achievements by name", async () => {
    const res = await ctx.app.inject({ method: 'GET', url: `/issuers/${issuerId}`, headers: { 'accept-language': 'fr' } });
    expect(res.statusCode).toBe(200);
    expect(isHtml(res)).toBe(true);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.body).toContain('<h1 id="title">Acme Badges</h1>');
    expect(res.body).toContain('Badges for lifelong learners');
    expect(res.body).toContain('Badges et certificats');
    const names = [...res.body.matchAll(/<h3>([^<]*)<\/h3>/g)].map((m) => m[1]);
    expect(names).toEqual(['Advanced Rust', 'Zig basics']);
    expect(res.body).toContain('href="https://acme.example"');
    expect(meta(res.body, 'og:url')).toBe(`${BASE_URL}/issuers/${issuerId}`);
  });

  it('names the DIDs its credentials are signed as: the did:web, or every did:key generation', async () => {
    const web = await ctx.app.inject({ method: 'GET', url: `/issuers/${issuerId}` });
    expect([...web.body.matchAll(/<li><code>([^<]+)<\/code>/g)].map((m) => m[1])).toEqual([`did:web:badges.test.example:issuers:${issuerId}`]);

    const keyed = (await api.post('/api/v1/issuers', { ...minimalIssuer, name: 'Offline', identity: 'did:key' })).json();
    await api.post(`/api/v1/issuers/${keyed.id}/keys/rotate`);
    const now = (await api.get(`/api/v1/issuers/${keyed.id}`)).json().did;
    const page = await ctx.app.inject({ method: 'GET', url: `/issuers/${keyed.id}` });
    const dids = [...page.body.matchAll(/<li><code>([^<]+)<\/code> <span class="muted">([^<]+)<\/span>/g)].map((m) => [m[1], m[2]]);
    expect(dids).toHaveLength(2);
    expect(dids.every(([did]) => did!.startsWith('did:key:z6Mk'))).toBe(true);
    expect(dids.find(([did]) => did === now)?.[1]).toBe('(current)');
    expect(dids.find(([did]) => did !== now)?.[1]).toMatch(/^\(from /);
  });

  it('leaves /issuers/:id/did.json and client-side paths such as /issuers/new alone', async () => {
    const did = await ctx.app.inject({ method: 'GET', url: `/issuers/${issuerId}/did.json` });
    expect(did.statusCode).toBe(200);
    expect(did.json().id).toMatch(/^did:web:/);
    const spa = await ctx.app.inject({ method: 'GET', url: '/issuers/new', headers: { accept: 'application/json' } });
    expect(spa.statusCode).toBe(404);
    expect(spa.json().code).toBe('route-not-found');
  });

  it('answers 404 as an HTML page for an unknown issuer', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/issuers/00000000-0000-4000-8000-000000000000' });
    expect(res.statusCode).toBe(404);
    expect(isHtml(res)).toBe(true);
    expect(res.body).toContain('Issuer not found');
  });
});
