import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailMessage } from '../../src/domain/notifications/ports.js';
import { notifyRecipientJob } from '../../src/domain/notifications/notify-recipient.js';
import { viewTokenOpens } from '../../src/domain/public-pages/view-token.js';
import { ENGINES, apiClient, createTestApp, minimalAchievement, minimalIssuer, setupOrganisation, type ApiClient, type TestContext } from '../support/test-app.js';

/**
 * An organisation whose credentials are private by default still e-mails working links: the earner
 * reaches their own credential from the award e-mail (a read-only view link for that one credential),
 * while anyone else, and any altered or borrowed token, gets 404.
 */
describe.each(ENGINES)('award e-mail of a private credential (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let achievementId: string;

  const award = async (email: string) => {
    const res = await api.post('/api/v1/credentials', { achievementId, recipient: { email, name: 'Ada Learner' } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string };
  };
  const mailFor = async (credentialId: string): Promise<MailMessage> => {
    const sent: MailMessage[] = [];
    await notifyRecipientJob({ ...ctx.deps, mailer: { send: async (m) => void sent.push(m) } }).handle({ credentialId }, { jobId: `job-${credentialId}`, attempt: 1 });
    expect(sent).toHaveLength(1);
    return sent[0]!;
  };
  const viewLink = (text: string): URL => new URL(/View it online: (\S+)/.exec(text)![1]!);
  const get = (url: string, headers: Record<string, string> = {}) => ctx.app.inject({ method: 'GET', url, headers });

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    api = apiClient(ctx.app, (await setupOrganisation(ctx.app)).apiKey);
    const settings = await api.patch('/api/v1/organisation', { settings: { defaultVisibility: 'private', locale: 'en', awardEmailSubject: null, awardEmailMessage: null } });
    expect(settings.statusCode, settings.body).toBe(200);
    const issuerId = (await api.post('/api/v1/issuers', minimalIssuer)).json().id;
    achievementId = (await api.post('/api/v1/achievements', { ...minimalAchievement(issuerId), name: 'Confidential Clearance' })).json().id;
  });
  afterAll(async () => ctx?.close());

  it("the e-mail's links reach the earner's own credential: the page, its badge image and its PDF", async () => {
    const credential = await award('ada@example.org');
    const mail = await mailFor(credential.id);
    const link = viewLink(mail.text);
    expect(link.pathname).toBe(`/credentials/${credential.id}`);
    const page = await get(`${link.pathname}${link.search}`, { accept: 'text/html' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Confidential Clearance');
    expect(String(page.headers['cache-control'])).toMatch(/private|no-store|max-age=0/);
    // The downloads the page offers carry the same token and answer too.
    for (const path of [`/credentials/${credential.id}/certificate.pdf`, `/credentials/${credential.id}/badge.png`]) {
      const href = new RegExp(`${path.replace(/[.]/g, '\\.')}\\?view=[^"&]+`).exec(page.body.replace(/&amp;/g, '&'));
      expect(href, path).not.toBeNull();
      const res = await get(href![0]);
      expect(res.statusCode, path).toBe(200);
    }
    const pdf = await get(`/credentials/${credential.id}/certificate.pdf${link.search}`);
    expect((await PDFDocument.load(pdf.rawPayload)).getTitle()).toContain('Confidential Clearance');
    // The claim link answers as well, and there is no LinkedIn link for a credential nobody else can open.
    const claim = /\/claim\/([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
    expect((await get(`/api/v1/claims/${claim}`)).statusCode).toBe(200);
    expect(mail.text).not.toContain('linkedin.com');
    expect(mail.html).not.toContain('linkedin.com');
  });

  it('strangers, altered tokens and a token borrowed from another credential get 404', async () => {
    const ada = await award('ada2@example.org');
    const eve = await award('eve@example.org');
    const adaLink = viewLink((await mailFor(ada.id)).text);
    const token = adaLink.searchParams.get('view')!;
    expect((await get(`/credentials/${ada.id}`, { accept: 'text/html' })).statusCode).toBe(404);
    expect((await get(`/credentials/${ada.id}/certificate.pdf`)).statusCode).toBe(404);
    expect((await get(`/credentials/${ada.id}/badge.png`)).statusCode).toBe(404);
    // Ada's token does not open Eve's credential.
    expect((await get(`/credentials/${eve.id}?view=${encodeURIComponent(token)}`, { accept: 'text/html' })).statusCode).toBe(404);
    expect((await get(`/credentials/${eve.id}/certificate.pdf?view=${encodeURIComponent(token)}`)).statusCode).toBe(404);
    // One character changed in the ciphertext, garbage, or an overlong value: 404 or 400, never 500.
    const flipped = token.slice(0, -2) + (token.at(-2) === 'A' ? 'B' : 'A') + token.at(-1);
    for (const bad of [flipped, 'x', 'v1.a.b.c', 'v1....', '%00', 'A'.repeat(5000)]) {
      const res = await get(`/credentials/${ada.id}?view=${encodeURIComponent(bad)}`, { accept: 'text/html' });
      expect([400, 404], bad.slice(0, 20)).toContain(res.statusCode);
      const pdf = await get(`/credentials/${ada.id}/certificate.pdf?view=${encodeURIComponent(bad)}`);
      expect([400, 404], bad.slice(0, 20)).toContain(pdf.statusCode);
    }
    // The token expires (a year on).
    const later = { now: () => new Date(Date.now() + 366 * 86_400_000) };
    expect(viewTokenOpens({ vault: ctx.deps.vault, clock: ctx.deps.clock }, ada.id, token)).toBe(true);
    expect(viewTokenOpens({ vault: ctx.deps.vault, clock: later }, ada.id, token)).toBe(false);
  });

  it('a public credential keeps its plain page link and its LinkedIn link', async () => {
    const pub = await api.post('/api/v1/credentials', { achievementId, recipient: { email: 'pub@example.org' }, visibility: 'public' });
    expect(pub.statusCode, pub.body).toBe(201);
    const mail = await mailFor(pub.json().id);
    expect(viewLink(mail.text).search).toBe('');
    expect(mail.text).toContain('linkedin.com');
  });
});
