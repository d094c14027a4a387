import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noneMatch, strongEtag } from '../../src/adapters/http/conditional-get.js';
import { ENGINES, createTestApp, minimalCredential, type ApiClient, type TestContext, organisationWithAchievement } from '../support/test-app.js';

const PNG_1PX = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** The longest a shared cache may keep what shows or decides a credential's status (docs/operations.md). */
const STATUS_MAX_AGE = 60;

const maxAge = (cacheControl: unknown): number => Number(/max-age=(\d+)/.exec(String(cacheControl))?.[1] ?? NaN);

describe('If-None-Match matching (RFC 9110)', () => {
  it('compares weakly, takes lists and *, and nothing else matches', () => {
    const tag = strongEtag('hello');
    expect(noneMatch(tag, tag)).toBe(true);
    expect(noneMatch(`W/${tag}`, tag)).toBe(true);
    expect(noneMatch(`"other", ${tag}`, tag)).toBe(true);
    expect(noneMatch('*', tag)).toBe(true);
    expect(noneMatch(undefined, tag)).toBe(false);
    expect(noneMatch('', tag)).toBe(false);
    expect(noneMatch(tag.slice(0, -2) + '"', tag)).toBe(false);
    expect(strongEtag('hello')).not.toBe(strongEtag('hellO'));
  });
});

describe.each(ENGINES)('CDN-ready public answers: Cache-Control, ETag, 304 (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let issuerId: string;
  let credentialId: string;
  let imageId: string;

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    const organisation = await organisationWithAchievement(ctx.app);
    ({ api, issuerId } = organisation);
    credentialId = (await api.post('/api/v1/credentials', minimalCredential(organisation.achievementId))).json().id;
    const image = await api.request('POST', '/api/v1/images', PNG_1PX, { 'content-type': 'image/png' });
    expect(image.statusCode, image.body).toBe(201);
    imageId = image.json().id;
  });
  afterAll(async () => ctx?.close());

  const get = (url: string, headers: Record<string, string> = {}) => ctx.app.inject({ method: 'GET', url, headers });

  it('public pages, documents and images carry a validator and answer 304 to it, with no body', async () => {
    const urls = [
      `/credentials/${credentialId}`,
      `/credentials/${credentialId}/embed`,
      `/issuers/${issuerId}`,
      `/ob3/credentials/${credentialId}`,
      `/ob2/assertions/${credentialId}`,
      `/issuers/${issuerId}/did.json`,
      `/ob2/issuers/${issuerId}/revocations`,
      `/images/${imageId}.png`,
      `/credentials/${credentialId}/badge.png`,
    ];
    for (const url of urls) {
      const first = await get(url);
      expect(first.statusCode, url).toBe(200);
      const etag = first.headers.etag;
      expect(etag, url).toMatch(/^(W\/)?"[A-Za-z0-9_-]+"$/);
      expect(first.headers['cache-control'], url).toMatch(/public|no-cache/);
      const again = await get(url, { 'if-none-match': String(etag) });
      expect(again.statusCode, url).toBe(304);
      expect(again.body, url).toBe('');
      expect(again.headers.etag, url).toBe(etag);
      expect(again.headers['content-type'], url).toBeUndefined();
      // A stale validator gets the whole answer again.
      expect((await get(url, { 'if-none-match': '"stale"' })).statusCode, url).toBe(200);
    }
  });

  it('what shows or decides status is short-lived; images that never change are immutable', async () => {
    for (const url of [`/credentials/${credentialId}`, `/credentials/${credentialId}/embed`, `/ob3/credentials/${credentialId}`, `/ob2/issuers/${issuerId}/revocations`, `/status/${issuerId}/revocation`, `/status/${issuerId}/message`]) {
      const res = await get(url);
      expect(maxAge(res.headers['cache-control']), url).toBeLessThanOrEqual(STATUS_MAX_AGE);
    }
    expect((await get(`/ob2/assertions/${credentialId}`)).headers['cache-control']).toBe('no-cache');
    expect((await get(`/images/${imageId}.png`)).headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('each representation has its own tag (language, JSON-LD or VC-JWT), and personal answers get none', async () => {
    const en = await get(`/credentials/${credentialId}`, { 'accept-language': 'en' });
    const fr = await get(`/credentials/${credentialId}`, { 'accept-language': 'fr' });
    expect(en.headers.etag).not.toBe(fr.headers.etag);
    expect(en.headers.vary).toContain('Accept-Language');
    // The English tag does not validate the French page.
    expect((await get(`/credentials/${credentialId}`, { 'accept-language': 'fr', 'if-none-match': String(en.headers.etag) })).statusCode).toBe(200);
    const ld = await get(`/ob3/credentials/${credentialId}`);
    const jwt = await get(`/ob3/credentials/${credentialId}`, { accept: 'application/vc+jwt' });
    expect(ld.headers.etag).not.toBe(jwt.headers.etag);
    // An organisation's own view of a credential is private: no shared-cache validator.
    const own = await api.get(`/api/v1/credentials/${credentialId}/image?format=png`);
    expect(own.statusCode).toBe(200);
    expect(own.headers['cache-control']).toBe('private, no-store');
    expect(own.headers.etag).toBeUndefined();
    // Errors are not cached or validated.
    const missing = await get('/credentials/AAAAAAAAAAAAAAAAAAAA');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers.etag).toBeUndefined();
  });

  it("a revocation changes the status list's ETag: the old validator gets the new list, never a 304", async () => {
    const credential = (await get(`/ob3/credentials/${credentialId}`)).json();
    const listPath = new URL(credential.credentialStatus.statusListCredential).pathname;
    const revocationPath = `/status/${issuerId}/revocation`;
    const before = await get(listPath);
    const revocationBefore = await get(revocationPath);
    const pageBefore = await get(`/credentials/${credentialId}`);
    const ob3Before = await get(`/ob3/credentials/${credentialId}`);
    const ob2Before = await get(`/ob2/issuers/${issuerId}/revocations`);
    expect((await get(listPath, { 'if-none-match': String(before.headers.etag) })).statusCode).toBe(304);

    expect((await api.post(`/api/v1/credentials/${credentialId}/revoke`, { reason: 'Issued in error' })).statusCode).toBe(200);

    for (const [path, earlier] of [[listPath, before], [revocationPath, revocationBefore], [`/credentials/${credentialId}`, pageBefore], [`/ob2/issuers/${issuerId}/revocations`, ob2Before]] as const) {
      const after = await get(path, { 'if-none-match': String(earlier.headers.etag) });
      expect(after.statusCode, path).toBe(200);
      expect(after.headers.etag, path).not.toBe(earlier.headers.etag);
      expect(after.body, path).not.toBe(earlier.body);
    }
    // The signed credential itself did not change: its validator still holds.
    expect((await get(`/ob3/credentials/${credentialId}`, { 'if-none-match': String(ob3Before.headers.etag) })).statusCode).toBe(304);
    // The assertion now answers 410, uncached.
    const gone = await get(`/ob2/assertions/${credentialId}`);
    expect(gone.statusCode).toBe(410);
    expect(gone.headers.etag).toBeUndefined();
  });
});
