import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, ENGINES, createTestApp, minimalAchievement, type ApiClient, type TestContext, organisationWithAchievement } from '../support/test-app.js';
import { decodeEntities, hrefOf, isHtml, jsonLdBlocks, meta } from './html-helpers.js';

const HOSTILE = `<script>alert("x")</script></script><!-- & 'quoted'`;

describe.each(ENGINES)('public credential pages (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let issuerId: string;
  let achievementId: string;
  let credentialId: string;
  let storedOb3: string;

  const page = (id: string, headers: Record<string, string> = {}) => ctx.app.inject({ method: 'GET', url: `/credentials/${id}`, headers: { accept: 'text/html', ...headers } });
  const award = async (body: Record<string, unknown>) => {
    const res = await api.post('/api/v1/credentials', { achievementId, recipient: { email: `${Math.random()}@example.org`, name: 'Ada Lovelace' }, ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    ({ api, issuerId, achievementId } = await organisationWithAchievement(ctx.app, { issuer: { name: 'Acme & Sons "Academy"' }, achievement: { kind: 'certification', name: 'Cloud Architect' } }));
    credentialId = await award({
      issuedOn: '2025-03-14T09:00:00Z',
      expires: '2099-11-30T00:00:00Z',
      evidence: [{ url: 'https://portfolio.example/ada', name: 'Final project' }],
    });
    storedOb3 = (await ctx.deps.store.credentialDocuments.find(credentialId, 'ob3'))!.body;
  });
  afterAll(async () => ctx?.close());

  it('serves readable HTML under a strict Content-Security-Policy', async () => {
    const res = await page(credentialId);
    expect(res.statusCode).toBe(200);
    expect(isHtml(res)).toBe(true);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'sha256-[^']+'(;|$)/);
    expect(csp).not.toContain('unsafe');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.body).toContain('<html lang="en">');
    expect(res.body).toContain('Cloud Architect');
    expect(res.body).toContain('Ada Lovelace');
    expect(res.body).toContain('Acme &amp; Sons &quot;Academy&quot;');
    expect(res.body).toContain('class="status status-active"');
    expect(res.body).toContain('>Valid<');
    expect(res.body).toContain('14 March 2025');
    expect(res.body).toContain('href="https://portfolio.example/ada"');
    // The recipient's email address is never shown.
    expect(res.body).not.toMatch(/@example\.org/);
  });

  it('has OpenGraph and Twitter Card tags with absolute URLs', async () => {
    const body = (await page(credentialId)).body;
    expect(meta(body, 'og:title')).toBe('Cloud Architect awarded to Ada Lovelace');
    expect(meta(body, 'og:description')).toContain('Awarded to Ada Lovelace by Acme & Sons "Academy".');
    expect(meta(body, 'og:url')).toBe(`${BASE_URL}/credentials/${credentialId}`);
    expect(meta(body, 'og:image')).toBe(`${BASE_URL}/credentials/${credentialId}/badge.png`);
    expect(meta(body, 'og:type')).toBe('website');
    expect(meta(body, 'twitter:card')).toBe('summary');
    expect(meta(body, 'twitter:image')).toBe(meta(body, 'og:image'));
    const image = await ctx.app.inject({ method: 'GET', url: new URL(meta(body, 'og:image')!).pathname });
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
  });

  it('fills in every LinkedIn "Add to profile" parameter', async () => {
    // The page's link is counted here first (analytics), then redirects to LinkedIn's form.
    const href = hrefOf((await page(credentialId)).body, 'linkedin-add')!;
    expect(href).toBe(`${BASE_URL}/credentials/${credentialId}/share/linkedin-profile`);
    const url = new URL((await ctx.app.inject({ method: 'GET', url: new URL(href).pathname })).headers.location!);
    expect(url.origin + url.pathname).toBe('https://www.linkedin.com/profile/add');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      startTask: 'CERTIFICATION_NAME',
      name: 'Cloud Architect',
      organizationName: 'Acme & Sons "Academy"',
      issueYear: '2025',
      issueMonth: '3',
      expirationYear: '2099',
      expirationMonth: '11',
      certUrl: `${BASE_URL}/credentials/${credentialId}`,
      certId: credentialId,
    });
  });

  it('links to share on LinkedIn, X, Facebook and by email, and offers the link and an embed code', async () => {
    const body = (await page(credentialId)).body;
    const pageUrl = `${BASE_URL}/credentials/${credentialId}`;
    // Each share link is counted here first (analytics), then redirects to the network's dialog.
    const follow = async (anchor: string) => (await ctx.app.inject({ method: 'GET', url: new URL(hrefOf(body, anchor)!).pathname })).headers.location!;
    expect(new URL(await follow('share-linkedin')).searchParams.get('url')).toBe(pageUrl);
    expect(new URL(await follow('share-x')).searchParams.get('url')).toBe(pageUrl);
    expect(new URL(await follow('share-facebook')).searchParams.get('u')).toBe(pageUrl);
    const mail = await follow('share-email');
    expect(mail.startsWith('mailto:?subject=')).toBe(true);
    expect(decodeURIComponent(mail)).toContain(pageUrl);
    expect(body).toContain(`id="copy-link" type="url" readonly value="${pageUrl}"`);
    const embed = decodeEntities(/<textarea id="embed-code"[^>]*>([^<]*)<\/textarea>/.exec(body)![1]!);
    expect(embed).toMatch(new RegExp(`^<iframe src="${pageUrl}/embed" title="Cloud Architect \\(Acme &amp; Sons &quot;Academy&quot;\\)"`));
  });

  it('embeds the stored signed OB 3.0 credential as JSON-LD and links to verification', async () => {
    const body = (await page(credentialId)).body;
    const blocks = jsonLdBlocks(body);
    expect(blocks).toHaveLength(1);
    expect(JSON.parse(blocks[0]!)).toEqual(JSON.parse(storedOb3));
    const ob3Url = `${BASE_URL}/ob3/credentials/${credentialId}`;
    expect(hrefOf(body, 'verify')).toBe(`${BASE_URL}/verify?url=${encodeURIComponent(ob3Url)}`);
  });

  it('speaks French when the browser asks for it', async () => {
    const res = await page(credentialId, { 'accept-language': 'fr-CA,fr;q=0.9,en;q=0.5' });
    expect(res.body).toContain('<html lang="fr">');
    expect(res.headers['content-language']).toBe('fr');
    expect(res.headers.vary).toContain('Accept-Language');
    expect(res.body).toContain('>Valide<');
    expect(res.body).toContain('14 mars 2025');
    expect(res.body).toContain('Ajouter au profil LinkedIn');
  });

  it('shows revoked and expired credentials as such, on the page and in the embed widget', async () => {
    const revoked = await award({});
    expect((await api.post(`/api/v1/credentials/${revoked}/revoke`, { reason: 'Issued in error' })).statusCode).toBe(200);
    const res = await page(revoked);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('class="status status-revoked"');
    expect(res.body).toContain('>Revoked<');
    expect(res.body).toContain('This credential has been revoked by its issuer. Reason: Issued in error');
    expect(res.body).not.toContain('class="status status-active"');
    const widget = await ctx.app.inject({ method: 'GET', url: `/credentials/${revoked}/embed` });
    expect(widget.body).toMatch(/<span class="pill status-revoked" id="status">Revoked<\/span>/);

    const expired = await award({ issuedOn: '2020-01-01T00:00:00Z', expires: '2021-01-01T00:00:00Z' });
    const old = await page(expired);
    expect(old.body).toContain('class="status status-expired"');
    expect(old.body).toContain('This credential expired on 1 January 2021.');

    const suspended = await award({});
    await api.post(`/api/v1/credentials/${suspended}/suspend`, {});
    expect((await ctx.app.inject({ method: 'GET', url: `/credentials/${suspended}/embed` })).body).toContain('status-suspended" id="status">Suspended<');
  });

  it('serves a frameable embed widget with the live status and no script', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: `/credentials/${credentialId}/embed`, headers: { 'accept-language': 'fr' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-frame-options']).toBeUndefined();
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain('frame-ancestors *');
    expect(csp).not.toContain('script-src');
    expect(res.body).not.toContain('<script');
    expect(res.body).toMatch(/<span class="pill status-active" id="status">Valide<\/span>/);
    expect(res.body).toContain(`href="${BASE_URL}/credentials/${credentialId}"`);
  });

  it('answers 404 with an HTML page for a private or unknown credential', async () => {
    const hidden = await award({});
    const stored = (await ctx.deps.store.credentials.findPublic(hidden))!;
    await ctx.deps.store.credentials.update({ ...stored, visibility: 'private' });
    for (const url of [`/credentials/${hidden}`, `/credentials/${hidden}/embed`, '/credentials/00000000-0000-4000-8000-000000000000']) {
      const res = await ctx.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
      expect(res.statusCode, url).toBe(404);
      expect(isHtml(res), url).toBe(true);
      expect(res.body).toContain('Credential not found');
      expect(res.body).not.toContain('Ada Lovelace');
    }
  });

  it('escapes a hostile achievement name everywhere it appears', async () => {
    const hostileAchievement = (await api.post('/api/v1/achievements', { ...minimalAchievement(issuerId), name: HOSTILE, description: `${HOSTILE} description` })).json().id;
    const res = await api.post('/api/v1/credentials', { achievementId: hostileAchievement, recipient: { email: 'eve@example.org', name: `Eve ${HOSTILE}` } });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    for (const url of [`/credentials/${id}`, `/credentials/${id}/embed`, `/issuers/${issuerId}`]) {
      const body = (await ctx.app.inject({ method: 'GET', url })).body;
      expect(body, url).not.toContain('<script>alert');
      expect(body, url).not.toContain('<!-- &');
      expect(body, url).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    }
    const body = (await page(id)).body;
    // Only our two scripts: the JSON-LD block and the copy helper; the data block cannot be closed early.
    expect(body.match(/<script/g)).toHaveLength(2);
    expect(body.match(/<\/script>/g)).toHaveLength(2);
    const stored = (await ctx.deps.store.credentialDocuments.find(id, 'ob3'))!.body;
    expect(JSON.parse(jsonLdBlocks(body)[0]!)).toEqual(JSON.parse(stored));
    expect(meta(body, 'og:title')).toBe(`${HOSTILE} awarded to Eve ${HOSTILE}`);
  });
});
