import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailMessage } from '../../src/domain/notifications/ports.js';
import { BASE_URL, ENGINES, apiClient, createTestApp, minimalAchievement, minimalIssuer, setupOrganisation, type ApiClient, type TestContext } from '../support/test-app.js';
import { firstPageText } from './pdf-text.js';
import { testJobRunner } from '../support/jobs.js';

function smallPng(width: number, height: number): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < png.data.length; i += 4) png.data.set([30, 120, 200, 255], i);
  return PNG.sync.write(png);
}

const LOGO_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="80" height="40" viewBox="0 0 80 40"><rect width="80" height="40" fill="#2f855a"/></svg>';

/** How many images the first page draws (the badge seal, the QR code, and the issuer logo when there is one). */
function imageCount(pdf: PDFDocument): number {
  const xObjects = pdf.getPage(0).node.Resources()?.lookup(PDFName.of('XObject'), PDFDict);
  return xObjects ? xObjects.keys().length : 0;
}

describe.each(ENGINES)('issuer logo and dates on pages, PDFs and e-mails (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  const mails: MailMessage[] = [];
  const issuers: Record<'png' | 'svg' | 'elsewhere' | 'none', string> = { png: '', svg: '', elsewhere: '', none: '' };
  const credentials: Record<string, string> = {};

  const get = (url: string, headers: Record<string, string> = {}) => ctx.app.inject({ method: 'GET', url, headers });
  const award = async (issuerId: string, extra: Record<string, unknown> = {}) => {
    const achievementId = (await api.post('/api/v1/achievements', minimalAchievement(issuerId))).json().id;
    const res = await api.post('/api/v1/credentials', { achievementId, recipient: { email: 'ada@example.org', name: 'Ada Lovelace' }, ...extra });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };

  beforeAll(async () => {
    ctx = await createTestApp(engine, { mailer: { send: async (m) => void mails.push(m) } });
    api = apiClient(ctx.app, (await setupOrganisation(ctx.app)).apiKey);
    const make = async (name: string, image?: string) => (await api.post('/api/v1/issuers', { ...minimalIssuer, name, ...(image ? { image } : {}) })).json().id as string;
    issuers.png = await make('Blue Logo College', `data:image/png;base64,${smallPng(40, 30).toString('base64')}`);
    issuers.svg = await make('Green Logo School', `data:image/svg+xml;base64,${Buffer.from(LOGO_SVG).toString('base64')}`);
    issuers.elsewhere = await make('Hotlinked Institute', 'https://cdn.example/logo.png');
    issuers.none = await make('Plain Academy');
    for (const [kind, id] of Object.entries(issuers)) credentials[kind] = await award(id, { issuedOn: '2025-06-01T00:00:00Z', expires: '2027-06-01T00:00:00Z' });
  });
  afterAll(async () => ctx?.close());

  it('serves an issuer’s own logo as PNG through the safe-image path, and 404 when it has none to show', async () => {
    const png = await get(`/issuers/${issuers.png}/logo.png`);
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect([PNG.sync.read(png.rawPayload).width, PNG.sync.read(png.rawPayload).height]).toEqual([40, 30]);
    const svg = await get(`/issuers/${issuers.svg}/logo.png`);
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toBe('image/png');
    expect(PNG.sync.read(svg.rawPayload).width).toBeGreaterThan(0);
    for (const id of [issuers.elsewhere, issuers.none, 'no-such-issuer-0000']) {
      const res = await get(`/issuers/${id}/logo.png`);
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('a hostile image written straight into the row is drawn as PNG or refused, never served as it is', async () => {
    const evil = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10"><script>alert(1)</script><image xlink:href="https://evil.example/track.png" width="10" height="10"/><rect width="10" height="10" fill="red"/></svg>';
    const orgId = (await api.get('/api/v1/organisation')).json().id;
    const row = (await ctx.deps.store.issuers.findById(orgId, issuers.none))!;
    for (const image of [`data:image/svg+xml;base64,${Buffer.from(evil).toString('base64')}`, 'data:image/png;base64,bm90IGEgcG5n', `data:image/png;base64,${'A'.repeat(12)}`]) {
      await ctx.deps.store.issuers.update({ ...row, image });
      const res = await get(`/issuers/${issuers.none}/logo.png`);
      expect([200, 404]).toContain(res.statusCode);
      if (res.statusCode === 200) {
        expect(res.headers['content-type']).toBe('image/png');
        expect(res.rawPayload.includes(Buffer.from('<script'))).toBe(false);
      }
    }
    await ctx.deps.store.issuers.update(row);
  });

  it('shows the logo on the public credential and issuer pages, and nothing (no broken image) without one', async () => {
    for (const kind of ['png', 'svg'] as const) {
      const page = (await get(`/credentials/${credentials[kind]}`)).body;
      expect(page).toContain(`<img class="issuer-logo" src="${BASE_URL}/issuers/${issuers[kind]}/logo.png"`);
      const issuerPage = (await get(`/issuers/${issuers[kind]}`)).body;
      expect(issuerPage).toMatch(new RegExp(`<img class="issuer-logo issuer-logo-large" src="${BASE_URL}/issuers/${issuers[kind]}/logo.png" alt="Logo of [^"]+"`));
    }
    for (const kind of ['elsewhere', 'none'] as const) {
      expect((await get(`/credentials/${credentials[kind]}`)).body).not.toContain('issuer-logo"');
      expect((await get(`/issuers/${issuers[kind]}`)).body).not.toContain('logo.png');
      // An image elsewhere is never linked: the viewer's browser would tell that host who looks.
      expect((await get(`/credentials/${credentials[kind]}`)).body).not.toMatch(/<img[^>]*cdn\.example/);
    }
    expect((await get(`/issuers/${issuers.png}`, { 'accept-language': 'fr' })).body).toContain('alt="Logo de Blue Logo College"');
  });

  it('prints the logo on the PDF certificate, only when there is one', async () => {
    const withLogo = await PDFDocument.load((await get(`/credentials/${credentials.png}/certificate.pdf`)).rawPayload);
    const without = await PDFDocument.load((await get(`/credentials/${credentials.none}/certificate.pdf`)).rawPayload);
    const hotlinked = await PDFDocument.load((await get(`/credentials/${credentials.elsewhere}/certificate.pdf`)).rawPayload);
    expect(imageCount(withLogo)).toBe(imageCount(without) + 1);
    expect(imageCount(hotlinked)).toBe(imageCount(without));
  });

  it('writes English dates day-first (en-GB) on pages and PDFs, French ones in French', async () => {
    const page = (await get(`/credentials/${credentials.none}`, { 'accept-language': 'en-US' })).body;
    expect(page).toContain('1 June 2025');
    expect(page).toContain('1 June 2027');
    expect(page).not.toContain('June 1, 2025');
    const pdf = await firstPageText((await get(`/credentials/${credentials.none}/certificate.pdf?size=a4`, { 'accept-language': 'en' })).rawPayload);
    expect(pdf).toContain('1 June 2025');
    expect(pdf).not.toContain('June 1, 2025');
    const fr = await firstPageText((await get(`/credentials/${credentials.none}/certificate.pdf`, { 'accept-language': 'fr' })).rawPayload);
    expect(fr).toContain('1 juin 2025');
  });

  it('stamps "Not valid yet" on the PDF of a credential whose issue date is ahead, as the page says', async () => {
    const future = await award(issuers.none, { issuedOn: '2098-05-01T00:00:00Z' });
    expect((await get(`/credentials/${future}`)).body).toContain('Not valid yet');
    const en = await firstPageText((await get(`/credentials/${future}/certificate.pdf`, { 'accept-language': 'en' })).rawPayload);
    expect(en).toContain('NOT VALID YET');
    const fr = await firstPageText((await get(`/credentials/${future}/certificate.pdf`, { 'accept-language': 'fr' })).rawPayload);
    expect(fr).toContain('PAS ENCORE VALIDE');
    // A credential valid now carries no stamp.
    expect(await firstPageText((await get(`/credentials/${credentials.none}/certificate.pdf`)).rawPayload)).not.toMatch(/NOT VALID YET|REVOKED|EXPIRED|SUSPENDED/);
  });

  it('puts the issuer’s logo in the award e-mail when it has one, and none otherwise', async () => {
    const runner = testJobRunner(ctx);
    while ((await runner.runOnce()) > 0);
    const forIssuer = (name: string) => mails.find((m) => m.subject.includes(name))!;
    expect(forIssuer('Blue Logo College').html).toContain(`<img src="${BASE_URL}/issuers/${issuers.png}/logo.png"`);
    expect(forIssuer('Plain Academy').html).not.toContain('logo.png');
    expect(forIssuer('Hotlinked Institute').html).not.toContain('cdn.example');
  });
});
