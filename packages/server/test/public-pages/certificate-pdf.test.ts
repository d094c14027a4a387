import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, ENGINES, createTestApp, minimalAchievement, minimalIssuer, type ApiClient, type TestContext, organisationWithAchievement } from '../support/test-app.js';
import { execFileSync } from 'node:child_process';
import { independentVerifier } from '../support/independent-vc.js';
import { checkPdfA3, writeTemp } from './pdfa-check.js';
import { attachments, qrCodesOnFirstPage } from './pdf-reading.js';

describe.each(ENGINES)('PDF certificates (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let achievementId: string;
  let credentialId: string;
  let storedOb3: string;

  const pdfOf = async (url: string, headers: Record<string, string> = {}) => {
    const res = await ctx.app.inject({ method: 'GET', url, headers });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    return PDFDocument.load(res.rawPayload);
  };

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    ({ api, achievementId } = await organisationWithAchievement(ctx.app, { issuer: { name: 'Académie Żółć & Co' }, achievement: { kind: 'certification', name: 'Kubernetes Administrator 日本' } }));
    const res = await api.post('/api/v1/credentials', { achievementId, recipient: { email: 'ada@example.org', name: 'Ada Łovelace' }, issuedOn: '2025-06-01T00:00:00Z', expires: '2027-06-01T00:00:00Z' });
    credentialId = res.json().id;
    storedOb3 = (await ctx.deps.store.credentialDocuments.find(credentialId, 'ob3'))!.body;
  });
  afterAll(async () => ctx?.close());

  it('is a landscape A4 page by default, Letter on request or for a US reader', async () => {
    const a4 = await pdfOf(`/credentials/${credentialId}/certificate.pdf`);
    expect(a4.getPageCount()).toBe(1);
    const size = a4.getPage(0).getSize();
    expect(size.width).toBeCloseTo(841.89, 1);
    expect(size.height).toBeCloseTo(595.28, 1);
    expect((await pdfOf(`/credentials/${credentialId}/certificate.pdf?size=letter`)).getPage(0).getSize()).toEqual({ width: 792, height: 612 });
    expect((await pdfOf(`/credentials/${credentialId}/certificate.pdf`, { 'accept-language': 'en-US,en;q=0.8' })).getPage(0).getSize()).toEqual({ width: 792, height: 612 });
    expect((await pdfOf(`/credentials/${credentialId}/certificate.pdf?size=a4`, { 'accept-language': 'en-US' })).getPage(0).getSize().width).toBeCloseTo(841.89, 1);
  });

  it('carries the stored signed OB 3.0 credential as credential.json (application/ld+json)', async () => {
    const pdf = await pdfOf(`/credentials/${credentialId}/certificate.pdf`);
    const files = attachments(pdf);
    expect(files.map((f) => f.name)).toEqual(['credential.json']);
    expect(files[0]!.mimeType).toBe('application/ld+json');
    const text = new TextDecoder().decode(files[0]!.data);
    expect(text).toBe(storedOb3);
    expect([JSON.parse(text).proof].flat()[0]).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' });
    expect(pdf.getTitle()).toBe('Certification: Kubernetes Administrator 日本');
    // The text is set in embedded Unicode fonts (so names like "Łovelace" print as written).
    const baseFonts = pdf.context
      .enumerateIndirectObjects()
      .map(([, object]) => (object instanceof PDFDict ? object.get(PDFName.of('BaseFont'))?.toString() : undefined))
      .filter((name): name is string => Boolean(name));
    expect(baseFonts.some((name) => name.includes('DejaVuSerif-BoldItalic'))).toBe(true);
    expect(pdf.getAuthor()).toBe('Académie Żółć & Co');
  });

  it('has a QR code that decodes to the verification page of the credential', async () => {
    for (const size of ['a4', 'letter']) {
      const pdf = await pdfOf(`/credentials/${credentialId}/certificate.pdf?size=${size}`);
      const ob3Url = `${BASE_URL}/ob3/credentials/${credentialId}`;
      expect(qrCodesOnFirstPage(pdf)).toEqual([`${BASE_URL}/verify?url=${encodeURIComponent(ob3Url)}`]);
    }
  });

  it('is PDF/A-3b (qpdf and poppler read it), and the credential qpdf extracts verifies offline with Digital Bazaar', async () => {
    const issuerId = (await api.post('/api/v1/issuers', { ...minimalIssuer, name: 'Key Academy', identity: 'did:key' })).json().id;
    const keyed = (await api.post('/api/v1/achievements', { ...minimalAchievement(issuerId), kind: 'certificate', name: 'Offline Verification' })).json().id;
    const id = (await api.post('/api/v1/credentials', { achievementId: keyed, recipient: { email: 'grace@example.org', name: 'Grace Hopper' } })).json().id;
    for (const [query, language] of [['', 'en'], ['?size=letter', 'fr']] as const) {
      const res = await ctx.app.inject({ method: 'GET', url: `/credentials/${id}/certificate.pdf${query}`, headers: { 'accept-language': language } });
      expect(res.statusCode).toBe(200);
      const file = writeTemp(res.rawPayload);
      const report = checkPdfA3(file);
      expect(report.problems).toEqual([]);
      expect([report.part, report.conformance]).toEqual(['3', 'B']);
      const extracted = JSON.parse(execFileSync('qpdf', ['--show-attachment=credential.json', file], { encoding: 'utf8' }));
      const verified = await independentVerifier(ctx.app)(extracted);
      expect(verified.verified, verified.error).toBe(true);
    }
  });

  it('prints in French for a French reader, and is 404 for a private credential', async () => {
    const fr = await ctx.app.inject({ method: 'GET', url: `/credentials/${credentialId}/certificate.pdf`, headers: { 'accept-language': 'fr-FR' } });
    expect(fr.statusCode).toBe(200);
    expect((await PDFDocument.load(fr.rawPayload)).getTitle()).toBe('Certification: Kubernetes Administrator 日本');
    const hidden = (await api.post('/api/v1/credentials', { achievementId, recipient: { email: 'eve@example.org' } })).json().id;
    const stored = (await ctx.deps.store.credentials.findPublic(hidden))!;
    await ctx.deps.store.credentials.update({ ...stored, visibility: 'private' });
    expect((await ctx.app.inject({ method: 'GET', url: `/credentials/${hidden}/certificate.pdf` })).statusCode).toBe(404);
  });
});
