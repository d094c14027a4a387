import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestApp, type ApiClient, type TestContext, organisationWithAchievement } from '../support/test-app.js';
import { decodeEntities, meta } from './html-helpers.js';

/**
 * A credential's page and certificate show what was signed: renaming the achievement (or the
 * issuer) afterwards changes new awards, never the title of credentials already issued.
 */
describe.each(ENGINES)('pages show what was signed (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let issuerId: string;
  let achievementId: string;
  let earlier: string;
  let later: string;

  const award = async () => {
    const res = await api.post('/api/v1/credentials', { achievementId, recipient: { email: `${Math.random()}@example.org`, name: 'Ada Lovelace' } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const page = async (id: string) => {
    const res = await ctx.app.inject({ method: 'GET', url: `/credentials/${id}`, headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(200);
    return decodeEntities(res.body);
  };
  const pdf = async (id: string) => {
    const res = await ctx.app.inject({ method: 'GET', url: `/credentials/${id}/certificate.pdf` });
    expect(res.statusCode).toBe(200);
    return PDFDocument.load(res.rawPayload);
  };

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    ({ api, issuerId, achievementId } = await organisationWithAchievement(ctx.app, { issuer: { name: 'Old School of Data' }, achievement: { kind: 'certificate', name: 'Data Steward 2025', description: 'Completed the 2025 data stewardship course.' } }));
    earlier = await award();
    const renamed = await api.patch(`/api/v1/achievements/${achievementId}`, { name: 'Data Steward 2026 Edition', description: 'A different course, renamed.' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const issuerRenamed = await api.patch(`/api/v1/issuers/${issuerId}`, { name: 'New Institute of Data' });
    expect(issuerRenamed.statusCode, issuerRenamed.body).toBe(200);
    later = await award();
  });
  afterAll(async () => ctx?.close());

  it('the page of a credential issued before the rename shows the signed names, not the new ones', async () => {
    const body = await page(earlier);
    expect(meta(body, 'og:title')).toContain('Data Steward 2025');
    expect(body).toMatch(/<h1[^>]*>[^<]*Data Steward 2025/);
    expect(body).toContain('Completed the 2025 data stewardship course.');
    expect(body).toContain('Old School of Data');
    expect(body).not.toContain('Data Steward 2026 Edition');
    expect(body).not.toContain('A different course, renamed.');
    expect(body).not.toContain('New Institute of Data');
  });

  it('its PDF certificate carries the signed names too', async () => {
    const doc = await pdf(earlier);
    expect(doc.getTitle()).toBe('Certificate of completion: Data Steward 2025');
    expect(doc.getAuthor()).toBe('Old School of Data');
  });

  it('a credential issued after the rename shows the new names (they are what it signed)', async () => {
    const body = await page(later);
    expect(body).toContain('Data Steward 2026 Edition');
    expect(body).toContain('New Institute of Data');
    expect(body).not.toContain('Data Steward 2025');
    const doc = await pdf(later);
    expect(doc.getTitle()).toBe('Certificate of completion: Data Steward 2026 Edition');
    expect(doc.getAuthor()).toBe('New Institute of Data');
  });
});
