import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestApp, type ApiClient, type TestContext, organisationWithAchievement } from '../support/test-app.js';
import { hrefOf } from './html-helpers.js';

/** What the public page says of a credential that is not simply valid: suspended, revoked, not yet valid. */
describe.each(ENGINES)('public credential page status (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let achievementId: string;

  const page = (id: string, lang = 'en') => ctx.app.inject({ method: 'GET', url: `/credentials/${id}`, headers: { accept: 'text/html', 'accept-language': lang } });
  const award = async (body: Record<string, unknown> = {}) => {
    const res = await api.post('/api/v1/credentials', { achievementId, recipient: { email: `${Math.random()}@example.org`, name: 'Ada Lovelace' }, ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    ({ api, achievementId } = await organisationWithAchievement(ctx.app, { achievement: { name: 'Cloud Architect' } }));
  });
  afterAll(async () => ctx?.close());

  it('says "Suspended" with the reason the issuer gave, never "Valid", in English and French', async () => {
    const id = await award();
    expect((await api.post(`/api/v1/credentials/${id}/suspend`, { reason: 'Under <review> & audit' })).statusCode).toBe(200);
    const en = (await page(id)).body;
    expect(en).toContain('class="status status-suspended"');
    expect(en).toContain('>Suspended<');
    expect(en).not.toContain('>Valid<');
    expect(en).toContain('This credential is suspended by its issuer for now. Reason: Under &lt;review&gt; &amp; audit');
    const fr = (await page(id, 'fr')).body;
    expect(fr).toContain('>Suspendu<');
    expect(fr).toContain('Motif : Under &lt;review&gt; &amp; audit');
  });

  it('offers no LinkedIn, share or embed actions for a revoked or suspended credential', async () => {
    const revoked = await award();
    expect((await api.post(`/api/v1/credentials/${revoked}/revoke`, { reason: 'Issued in error' })).statusCode).toBe(200);
    const suspended = await award();
    expect((await api.post(`/api/v1/credentials/${suspended}/suspend`, {})).statusCode).toBe(200);
    for (const id of [revoked, suspended]) {
      const body = (await page(id)).body;
      for (const anchor of ['linkedin-add', 'share-linkedin', 'share-x', 'share-facebook', 'share-email']) expect(hrefOf(body, anchor), `${id} ${anchor}`).toBeUndefined();
      expect(body).not.toContain('id="embed-code"');
      expect(body).not.toContain('id="h-share"');
      expect(body).not.toContain('linkedin.com');
      // Verification stays on offer: anyone may still check what the page says.
      expect(hrefOf(body, 'verify')).toBeDefined();
    }
    // A valid credential keeps its share actions.
    expect(hrefOf((await page(await award())).body, 'linkedin-add')).toBeDefined();
  });

  it('does not read "Valid" for a credential whose issue date is in the future', async () => {
    const id = await award({ issuedOn: '2098-05-01T00:00:00Z' });
    const res = await page(id);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('>Valid<');
    expect(res.body).not.toContain('class="status status-active"');
    expect(res.body).toContain('class="status status-pending"');
    expect(res.body).toContain('>Not valid yet<');
    expect(res.body).toContain('This credential is valid from 1 May 2098.');
    expect(hrefOf(res.body, 'linkedin-add')).toBeUndefined();
    const fr = (await page(id, 'fr')).body;
    expect(fr).toContain('>Pas encore valide<');
    expect(fr).toContain('1 mai 2098');
    const widget = await ctx.app.inject({ method: 'GET', url: `/credentials/${id}/embed` });
    expect(widget.body).not.toContain('>Valid<');
    expect(widget.body).toContain('>Not valid yet<');
  });
});
