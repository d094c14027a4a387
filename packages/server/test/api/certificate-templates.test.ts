import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../src/domain/organisations/create-organisation.js';
import { ENGINES, PASSWORD, apiClient, createTestApp, minimalAchievement, minimalIssuer, setupOrganisation, type ApiClient, type TestContext } from '../support/test-app.js';
import { attachments } from '../public-pages/pdf-reading.js';

const dir = mkdtempSync(join(tmpdir(), 'laurel-templates-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The text poppler reads from a PDF (bidi marks removed). */
function pdfText(bytes: Buffer): string {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
}

const design = (over: Record<string, unknown> = {}) => ({
  orientation: 'portrait',
  pageSize: 'auto',
  accentColor: '#5b2a86',
  inkColor: '#1f1535',
  title: 'Diploma',
  logoImageId: null,
  seal: 'badge',
  sealImageId: null,
  signatories: [{ name: 'Dr. Amara Okafor', title: 'Director of Studies', signatureImageId: null }],
  ...over,
});

describe.each(ENGINES)('certificate templates and branding (%s)', (engine) => {
  let ctx: TestContext;
  let owner: ApiClient;
  let other: ApiClient;
  let viewer: ApiClient;
  let achievementId: string;
  let secondAchievementId: string;
  let credentialId: string;
  let secondCredentialId: string;
  let logoId: string;
  let othersImageId: string;

  const uploadPng = async (client: ApiClient, color: string) => {
    const png = await sharp({ create: { width: 200, height: 80, channels: 4, background: color } }).png().toBuffer();
    const res = await client.request('POST', '/api/v1/images', png, { 'content-type': 'image/png' });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const put = (client: ApiClient, target: string, body: unknown) => client.request('PUT', `/api/v1/certificate-templates/${target}`, body);
  const certificate = async (id: string, query = '') => {
    const res = await ctx.app.inject({ method: 'GET', url: `/credentials/${id}/certificate.pdf${query}` });
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    return res.rawPayload;
  };

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    owner = apiClient(ctx.app, (await setupOrganisation(ctx.app)).apiKey);
    const org = await createOrganisation(ctx.deps, { name: 'Other Org', owner: { email: 'owner@other.example', password: PASSWORD } });
    other = apiClient(ctx.app, org.apiKeySecret);
    viewer = apiClient(ctx.app, (await owner.post('/api/v1/api-keys', { name: 'viewer', role: 'viewer' })).json().secret);
    const issuerId = (await owner.post('/api/v1/issuers', minimalIssuer)).json().id;
    achievementId = (await owner.post('/api/v1/achievements', minimalAchievement(issuerId))).json().id;
    secondAchievementId = (await owner.post('/api/v1/achievements', { ...minimalAchievement(issuerId), name: 'Advanced Rust', kind: 'certification' })).json().id;
    credentialId = (await owner.post('/api/v1/credentials', { achievementId, recipient: { email: 'ada@example.org', name: 'Ada Łovelace' } })).json().id;
    secondCredentialId = (await owner.post('/api/v1/credentials', { achievementId: secondAchievementId, recipient: { email: 'ada@example.org', name: 'محمد عبد الله' } })).json().id;
    logoId = await uploadPng(owner, '#5b2a86');
    othersImageId = await uploadPng(other, '#ff0000');
  });
  afterAll(async () => ctx?.close());

  it('an organisation default applies to its certificates: portrait, its title, logo and signatories, the credential still attached', async () => {
    const saved = await put(owner, 'default', design({ logoImageId: logoId, signatories: [{ name: 'Dr. Amara Okafor', title: 'Director of Studies', signatureImageId: logoId }] }));
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await owner.get('/api/v1/certificate-templates')).json().items.map((t: { target: string }) => t.target)).toEqual(['default']);
    const bytes = await certificate(credentialId);
    const pdf = await PDFDocument.load(bytes);
    const { width, height } = pdf.getPage(0).getSize();
    expect(width).toBeCloseTo(595.28, 1);
    expect(height).toBeCloseTo(841.89, 1);
    expect(pdf.getTitle()).toBe('Diploma: Intro to Rust');
    const text = pdfText(bytes);
    for (const s of ['Diploma', 'Ada Łovelace', 'Dr. Amara Okafor', 'Director of Studies']) expect(text).toContain(s);
    expect(attachments(pdf).map((a) => a.name)).toEqual(['credential.json']);
    // A link asking for Letter still gets Letter, in the template's orientation.
    expect((await PDFDocument.load(await certificate(credentialId, '?size=letter'))).getPage(0).getSize()).toEqual({ width: 612, height: 792 });
  });

  it('the most specific template wins: the achievement, then its kind, then the default', async () => {
    expect((await put(owner, 'certification', design({ orientation: 'landscape', title: 'Certified Professional', signatories: [] }))).statusCode).toBe(200);
    expect(pdfText(await certificate(secondCredentialId))).toContain('Certified Professional');
    expect(pdfText(await certificate(secondCredentialId))).toContain('محمد عبد الله');
    expect((await put(owner, `achievement:${secondAchievementId}`, design({ title: 'Master of Rust' }))).statusCode).toBe(200);
    expect(pdfText(await certificate(secondCredentialId))).toContain('Master of Rust');
    expect((await owner.request('DELETE', `/api/v1/certificate-templates/achievement:${secondAchievementId}`)).statusCode).toBe(204);
    expect(pdfText(await certificate(secondCredentialId))).toContain('Certified Professional');
    // The first achievement (a certificate) still has the default.
    expect(pdfText(await certificate(credentialId))).toContain('Diploma');
  });

  it('the live preview is a specimen: marked across the page, nothing attached, nothing stored', async () => {
    const res = await owner.post('/api/v1/certificate-templates/preview', { design: design({ title: 'Preview Title' }), kind: 'badge', recipientName: '山田 はなこ', achievementName: 'Rust', issuerName: 'Acme', locale: 'fr' });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = pdfText(res.rawPayload);
    for (const s of ['Preview Title', '山田 はなこ', 'SPÉCIMEN', 'Nous certifions que']) expect(text).toContain(s);
    expect(attachments(await PDFDocument.load(res.rawPayload))).toEqual([]);
    expect((await owner.get('/api/v1/certificate-templates')).json().items.map((t: { target: string }) => t.target).sort()).toEqual(['certification', 'default']);
  });

  it('attack: another organisation’s image, or one that does not exist, cannot be named in a design', async () => {
    for (const id of [othersImageId, 'no-such-image']) {
      for (const res of [
        await put(owner, 'default', design({ logoImageId: id })),
        await put(owner, 'default', design({ signatories: [{ name: 'X', title: '', signatureImageId: id }] })),
        await owner.post('/api/v1/certificate-templates/preview', { design: design({ seal: 'image', sealImageId: id }), kind: 'badge', recipientName: 'A', achievementName: 'B', issuerName: 'C' }),
      ]) {
        expect(res.statusCode, res.body).toBe(400);
        expect(res.json().type).toContain('validation');
      }
    }
  });

  it('attack: templates are the organisation’s own (another one neither sees nor targets them), viewers cannot change them', async () => {
    expect((await other.get('/api/v1/certificate-templates')).json().items).toEqual([]);
    expect((await put(other, `achievement:${achievementId}`, design())).statusCode).toBe(404);
    expect((await other.request('DELETE', '/api/v1/certificate-templates/default')).statusCode).toBe(404);
    expect((await put(viewer, 'default', design())).statusCode).toBe(403);
    expect((await viewer.get('/api/v1/certificate-templates')).statusCode).toBe(200);
  });

  it('attack: malformed designs are refused with a problem document, never stored', async () => {
    const bad = [
      design({ accentColor: 'red' }),
      design({ inkColor: '#12345' }),
      design({ orientation: 'diagonal' }),
      design({ seal: 'image', sealImageId: null }),
      design({ signatories: Array.from({ length: 4 }, () => ({ name: 'A', title: '', signatureImageId: null })) }),
      design({ title: 'x'.repeat(81) }),
      { ...design(), script: '<script>' },
    ];
    for (const body of bad) {
      const res = await put(owner, 'default', body);
      expect(res.statusCode, JSON.stringify(body).slice(0, 120)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect((await put(owner, 'everything', design())).statusCode).toBe(400);
    expect(pdfText(await certificate(credentialId))).toContain('Diploma');
  });
});
