import { parseListEntry, readStatusEntryValue } from '@laurel/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createViewToken } from '../../src/domain/public-pages/view-token.js';
import { ENGINES, createTestApp, minimalCredential, type ApiClient, type TestContext, organisationWithAchievement } from '../support/test-app.js';

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

/**
 * The public page and status lists come from the in-process cache (adapters/cache), and a change on
 * this instance shows on the very next request. Every view is still counted.
 */
describe.each(ENGINES)('public page and status list cache, one instance (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let achievementId: string;

  // A clock the test can move: a cached page must not outlive its credential's expiry.
  let offsetMs = 0;
  const clock = { now: () => new Date(Date.now() + offsetMs) };

  beforeAll(async () => {
    // A long time to live: only a change, or the page's own expiry, may drop an entry here.
    ctx = await createTestApp(engine, { clock, publicCacheTtlMs: 600_000 });
    ({ api, achievementId } = await organisationWithAchievement(ctx.app));
  });
  afterAll(async () => ctx?.close());

  const award = async (extra: Record<string, unknown> = {}, email = 'learner@example.org'): Promise<string> => {
    const res = await api.post('/api/v1/credentials', { ...minimalCredential(achievementId, email), ...extra });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id;
  };
  const page = (id: string, headers: Record<string, string> = {}, query = '') =>
    ctx.app.inject({ method: 'GET', url: `/credentials/${id}${query}`, headers: { 'user-agent': BROWSER, accept: 'text/html', ...headers } });
  const hits = () => ctx.deps.publicCache.stats().hits;

  it('repeats are answered from the cache, each view still counted; a revocation shows on the next request', async () => {
    const id = await award();
    const first = await page(id);
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('class="status status-active"');
    const before = hits();
    const second = await page(id);
    expect(hits()).toBe(before + 1);
    expect(second.body).toBe(first.body);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(second.headers['cache-control']).toBe('public, max-age=60');
    expect(second.headers['content-security-policy']).toBe(first.headers['content-security-policy']);
    // A validator still answers 304 from the cache.
    expect((await page(id, { 'if-none-match': String(first.headers.etag) })).statusCode).toBe(304);
    await ctx.deps.analytics.settled();
    expect((await ctx.deps.store.analytics.credentialTotals([id])).get(id)?.views).toBe(3);

    const embed = () => ctx.app.inject({ method: 'GET', url: `/credentials/${id}/embed` });
    const embedBefore = (await embed()).body;
    expect((await embed()).body).toBe(embedBefore);
    expect((await api.post(`/api/v1/credentials/${id}/revoke`, { reason: 'Issued in error' })).statusCode).toBe(200);
    const after = await page(id);
    expect(after.body).toContain('class="status status-revoked"');
    expect(after.body).toContain('Issued in error');
    expect(after.headers.etag).not.toBe(first.headers.etag);
    const embedAfter = (await embed()).body;
    expect(embedAfter).not.toBe(embedBefore);
    expect(embedAfter).toContain('class="pill status-revoked"');
  });

  it('suspension and reinstatement show at once, on the page and in the status list', async () => {
    const id = await award({}, 'suspended@example.org');
    const ob3 = (await ctx.app.inject({ method: 'GET', url: `/ob3/credentials/${id}` })).json();
    const entry = parseListEntry(ob3.credentialStatus);
    const listPath = new URL(entry.listCredential).pathname;
    const readStatusBit = (list: unknown, e: typeof entry) => readStatusEntryValue(list, e) !== 0;
    const list = async () => (await ctx.app.inject({ method: 'GET', url: listPath })).json();
    expect(readStatusBit(await list(), entry)).toBe(false);
    const before = hits();
    expect(readStatusBit(await list(), entry)).toBe(false);
    expect(hits()).toBe(before + 1);
    await page(id);
    expect((await api.post(`/api/v1/credentials/${id}/suspend`, { reason: 'Under review' })).statusCode).toBe(200);
    expect((await page(id)).body).toContain('class="status status-suspended"');
    expect(readStatusBit(await list(), entry)).not.toBe(false);
    expect((await api.post(`/api/v1/credentials/${id}/reinstate`, {})).statusCode).toBe(200);
    expect((await page(id)).body).toContain('class="status status-active"');
    expect(readStatusBit(await list(), entry)).toBe(false);
  });

  it('a cached page is not served past the moment its credential expires', async () => {
    // It expires in 2 s; the clock then moves 3 s, far less than the cache's time to live.
    const id = await award({ expires: new Date(clock.now().getTime() + 2000).toISOString() }, 'expiring@example.org');
    expect((await page(id)).body).toContain('class="status status-active"');
    expect((await page(id)).body).toContain('class="status status-active"');
    offsetMs += 3000;
    expect((await page(id)).body).toContain('class="status status-expired"');
  });

  it('language variants are kept apart', async () => {
    const id = await award({}, 'bilingual@example.org');
    for (let round = 0; round < 2; round++) {
      for (const lang of ['fr', 'en', 'fr-CA,fr;q=0.9', 'en-GB']) {
        const res = await page(id, { 'accept-language': lang });
        const locale = lang.startsWith('fr') ? 'fr' : 'en';
        expect(res.headers['content-language'], lang).toBe(locale);
        expect(res.body, lang).toContain(`<html lang="${locale}"`);
      }
    }
  });

  it('a private credential is never served from the cache to others, nor its view-link page kept', async () => {
    const id = await award({ visibility: 'private' }, 'private@example.org');
    const token = createViewToken(ctx.deps, id);
    for (let i = 0; i < 2; i++) {
      const own = await page(id, {}, `?view=${encodeURIComponent(token)}`);
      expect(own.statusCode).toBe(200);
      expect(own.headers['cache-control']).toBe('private, no-store');
      expect((await page(id)).statusCode).toBe(404);
    }
    // A public page cached, then made private: the next anonymous request gets 404.
    const shown = await award({}, 'hide-me@example.org');
    await page(shown);
    await page(shown);
    const stored = (await ctx.deps.store.credentials.findPublic(shown))!;
    await ctx.deps.store.credentials.update({ ...stored, visibility: 'private' });
    expect((await page(shown)).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'GET', url: `/credentials/${shown}/embed` })).statusCode).toBe(404);
  });

  it('an attacker cannot poison the cache: a forged view token or a cookie gets no private page, and is not kept', async () => {
    const id = await award({ visibility: 'private' }, 'target@example.org');
    expect((await page(id, {}, '?view=v1.forged.forged.forged')).statusCode).toBe(404);
    expect((await page(id, { cookie: 'laurel_session=forged' })).statusCode).toBe(404);
    expect((await page(id)).statusCode).toBe(404);
  });
});
