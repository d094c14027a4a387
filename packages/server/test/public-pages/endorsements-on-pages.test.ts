import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../src/domain/organisations/create-organisation.js';
import { independentVerifier, outsideSigner } from '../support/independent-vc.js';
import { BASE_URL, ENGINES, PASSWORD, apiClient, createTestApp, minimalIssuer, type ApiClient, type TestContext, organisationWithAchievement } from '../support/test-app.js';

const SHARED = new URL('../../../../test-data/conformance/', import.meta.url);
const compile = (file: string) => {
  const ajv = new Ajv2019.default({ strict: false, allErrors: true });
  addFormats.default(ajv);
  return ajv.compile(JSON.parse(readFileSync(new URL(file, SHARED), 'utf8')));
};
const profileSchema = compile('ob3-schemas/ob_v3p0_profile_schema.json');
const endorsementSchema = compile('ob3-schemas/ob_v3p0_endorsementcredential_schema.json');

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations (WCAG 2.x A/AA and best practice) of each page, in Debian's Chromium. */
async function seriousViolations(pages: string[]): Promise<string[]> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  try {
    const found: string[] = [];
    for (const html of pages) {
      const page = await browser.newPage();
      await page.setContent(html, { waitUntil: 'domcontentloaded' });
      await page.evaluate(AXE_SOURCE);
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run: (d: Document, o: object) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }> } }).axe;
        const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] });
        return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => JSON.stringify(n.target)) }));
      });
      found.push(...violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.nodes.join(', ')}`));
      await page.close();
    }
    return found;
  } finally {
    await browser.close();
  }
}

const outsideEndorsement = (issuer: string, name: string, subjectId: string, comment: string) => ({
  '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
  id: `urn:uuid:${crypto.randomUUID()}`,
  type: ['VerifiableCredential', 'EndorsementCredential'],
  name: 'Outside endorsement',
  issuer: { id: issuer, type: ['Profile'], name },
  validFrom: '2026-01-01T00:00:00Z',
  credentialSubject: { id: subjectId, type: ['EndorsementSubject'], endorsementComment: comment },
});

/** The links of the endorsements section of a credential page (or of the whole page). */
const endorsementLinks = (html: string) => [...html.matchAll(/<a href="([^"]+)" type="application\/ld\+json" rel="nofollow">/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
const section = (html: string) => /<section class="card" aria-labelledby="h-endorsements" id="endorsements">[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';

describe.each(ENGINES)('endorsements on the credential page, the issuer page and the issuer profile (%s)', (engine) => {
  let ctx: TestContext;
  let endorsed: ApiClient;
  let endorser: ApiClient;
  let issuerId: string;
  let achievementId: string;
  let credentialId: string;
  let endorserIssuerId: string;
  let achievementEndorsement: { id: string; credentialId: string };
  let issuerEndorsement: { id: string; credentialId: string };
  let received: { id: string; credential: Record<string, unknown> };
  const verify = () => independentVerifier(ctx.app);
  const get = (url: string, headers: Record<string, string> = {}) => ctx.app.inject({ method: 'GET', url, headers });
  const credentialPage = async (language = 'en') => (await get(`/credentials/${credentialId}`, { 'accept-language': language })).body;
  const issuerPage = async () => (await get(`/issuers/${issuerId}`)).body;
  const profile = async () => {
    const res = await get(`/ob3/issuers/${issuerId}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/ld+json');
    return res.json();
  };

  beforeAll(async () => {
    // A long cache life: a page that showed stale endorsements would stay stale unless the write drops it.
    ctx = await createTestApp(engine, { publicCacheTtlMs: 600_000 });
    ({ api: endorsed, issuerId, achievementId } = await organisationWithAchievement(ctx.app, { issuer: { name: 'Académie Rive' } }));
    credentialId = (await endorsed.post('/api/v1/credentials', { achievementId, recipient: { email: 'ada@example.org', name: 'Ada' } })).json().id;
    endorser = apiClient(ctx.app, (await createOrganisation(ctx.deps, { name: 'Guild', owner: { email: 'owner@guild.example', password: PASSWORD } })).apiKeySecret);
    endorserIssuerId = (await endorser.post('/api/v1/issuers', { ...minimalIssuer, name: 'Guild of Engineers', identity: 'did:key' })).json().id;
  });
  afterAll(async () => ctx?.close());

  it('a page cached before any endorsement shows the achievement endorsement as soon as it is signed, with its signed JSON (en, fr)', async () => {
    expect(section(await credentialPage())).toBe('');
    const res = await endorser.post('/api/v1/endorsements', { endorserIssuerId, subject: { type: 'achievement', id: `${BASE_URL}/ob3/achievements/${achievementId}` }, comment: 'Rigorous and well assessed.' });
    expect(res.statusCode, res.body).toBe(201);
    achievementEndorsement = { id: res.json().id, credentialId: res.json().credentialId };
    const en = section(await credentialPage());
    expect(en).toContain('<h2 id="h-endorsements">Endorsements</h2>');
    expect(en).toContain('<h3>Of this badge or certificate</h3>');
    expect(en).toContain('Rigorous and well assessed.');
    expect(en).toMatch(/Endorsed by Guild of Engineers on \d/);
    expect(endorsementLinks(en)).toEqual([achievementEndorsement.credentialId]);
    const fr = section(await credentialPage('fr'));
    expect(fr).toContain('<h2 id="h-endorsements">Recommandations</h2>');
    expect(fr).toContain('Recommandé par Guild of Engineers le');
    expect(fr).toContain('Recommandation signée');
    // The link gives the EndorsementCredential, which Digital Bazaar verifies.
    const signed = await get(new URL(achievementEndorsement.credentialId).pathname);
    expect(signed.statusCode).toBe(200);
    const result = await verify()(signed.json());
    expect(result.verified, result.error).toBe(true);
  });

  it("an endorsement of the issuer shows on the credential page, the issuer page and in the issuer's OB 3.0 Profile (1EdTech's schema)", async () => {
    const res = await endorser.post('/api/v1/endorsements', { endorserIssuerId, subject: { type: 'issuer', id: `${BASE_URL}/ob2/issuers/${issuerId}` }, comment: 'A trusted training body.' });
    expect(res.statusCode, res.body).toBe(201);
    issuerEndorsement = { id: res.json().id, credentialId: res.json().credentialId };
    const page = section(await credentialPage());
    expect(page).toContain('<h3>Of Académie Rive</h3>');
    expect(page).toContain('A trusted training body.');
    expect(endorsementLinks(page)).toEqual([achievementEndorsement.credentialId, issuerEndorsement.credentialId]);
    const issuerHtml = await issuerPage();
    expect(issuerHtml).toContain('A trusted training body.');
    expect(issuerHtml).toContain(`<link rel="alternate" type="application/ld+json" href="${BASE_URL}/ob3/issuers/${issuerId}">`);
    expect(endorsementLinks(issuerHtml)).toEqual(expect.arrayContaining([achievementEndorsement.credentialId, issuerEndorsement.credentialId]));
    const doc = await profile();
    expect(profileSchema(doc), JSON.stringify(profileSchema.errors)).toBe(true);
    expect(doc).toMatchObject({ id: `${BASE_URL}/ob2/issuers/${issuerId}`, type: ['Profile'], name: 'Académie Rive' });
    // Only the issuer's own endorsement (the achievement's is on the achievement), as signed.
    expect(doc.endorsement).toHaveLength(1);
    expect(doc.endorsement[0].id).toBe(issuerEndorsement.credentialId);
    expect(doc.endorsement[0].credentialSubject.id).toBe(doc.id);
    expect(endorsementSchema(doc.endorsement[0]), JSON.stringify(endorsementSchema.errors)).toBe(true);
    const result = await verify()(doc.endorsement[0]);
    expect(result.verified, result.error).toBe(true);
  });

  it('an outside endorsement, its name and comment chosen by its signer, shows escaped, linked to its JSON as received', async () => {
    const outside = await outsideSigner();
    const credential = await outside.sign(outsideEndorsement(outside.did, 'Welders "><img src=x onerror=alert(1)>', `${BASE_URL}/ob2/issuers/${issuerId}`, 'Meets the standard. <script>alert(1)</script>'));
    const res = await endorsed.post('/api/v1/endorsements/inbound', { credential });
    expect(res.statusCode, res.body).toBe(201);
    received = { id: res.json().id, credential };
    const page = await credentialPage();
    expect(page).toContain('Meets the standard. &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('Welders &quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(page).not.toContain('<script>alert(1)');
    expect(page).not.toContain('<img src=x');
    const link = `${BASE_URL}/ob3/endorsements/received/${received.id}`;
    expect(endorsementLinks(section(page))).toContain(link);
    const served = await get(new URL(link).pathname);
    expect(served.statusCode).toBe(200);
    expect(served.json()).toEqual(credential);
    const result = await verify()(served.json());
    expect(result.verified, result.error).toBe(true);
    const doc = await profile();
    expect(profileSchema(doc), JSON.stringify(profileSchema.errors)).toBe(true);
    expect(doc.endorsement.map((e: { id: string }) => e.id)).toEqual([issuerEndorsement.credentialId, credential.id]);
    // An id that is no received endorsement (one signed here, a made-up one) is not served at that address.
    expect((await get(`/ob3/endorsements/received/${achievementEndorsement.id}`)).statusCode).toBe(404);
    expect((await get('/ob3/endorsements/received/nope')).statusCode).toBe(404);
    expect((await get('/ob3/issuers/nope')).statusCode).toBe(404);
  });

  it.runIf(engine === 'sqlite')('the credential page (en, fr) and the issuer page with endorsements have no serious axe violations', async () => {
    expect(section(await credentialPage())).toContain('Meets the standard.');
    expect(await seriousViolations([await credentialPage(), await credentialPage('fr'), await issuerPage()])).toEqual([]);
  }, 60_000);

  it('revoked and hidden endorsements leave the cached credential page, the issuer page and the profile at once', async () => {
    await credentialPage(); // cached with all three
    expect((await endorser.post(`/api/v1/endorsements/${achievementEndorsement.id}/revoke`)).statusCode).toBe(200);
    let page = await credentialPage();
    expect(page).not.toContain('Rigorous and well assessed.');
    expect(page).toContain('A trusted training body.');
    expect((await endorsed.post(`/api/v1/endorsements/${issuerEndorsement.id}/hide`)).statusCode).toBe(200);
    expect((await endorsed.post(`/api/v1/endorsements/${received.id}/hide`)).statusCode).toBe(200);
    page = await credentialPage();
    expect(section(page)).toBe('');
    expect(page).not.toContain('A trusted training body.');
    expect(page).not.toContain('Meets the standard.');
    const issuerHtml = await issuerPage();
    for (const gone of ['Rigorous and well assessed.', 'A trusted training body.', 'Meets the standard.']) expect(issuerHtml).not.toContain(gone);
    const doc = await profile();
    expect(doc.endorsement).toBeUndefined();
    expect(profileSchema(doc), JSON.stringify(profileSchema.errors)).toBe(true);
    expect((await get(`/ob3/endorsements/received/${received.id}`)).statusCode).toBe(404);
  });
});
