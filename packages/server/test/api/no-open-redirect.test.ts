import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, ENGINES, apiClient, createTestApp, minimalAchievement, minimalIssuer, setupOrganisation, type ApiClient, type TestContext } from '../support/test-app.js';

function smallPng(): Buffer {
  const png = new PNG({ width: 4, height: 4 });
  for (let i = 0; i < png.data.length; i += 4) png.data.set([200, 30, 60, 255], i);
  return PNG.sync.write(png);
}

describe.each(ENGINES)('/ob2/badges/:id/image never sends a browser to another host (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let issuerId: string;
  let storedId: string;

  const imageOf = async (image: string) => {
    const created = await api.post('/api/v1/achievements', { ...minimalAchievement(issuerId), image });
    expect(created.statusCode, created.body).toBe(201);
    return ctx.app.inject({ method: 'GET', url: `/ob2/badges/${created.json().id}/image` });
  };

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    api = apiClient(ctx.app, (await setupOrganisation(ctx.app)).apiKey);
    issuerId = (await api.post('/api/v1/issuers', minimalIssuer)).json().id;
    storedId = (await api.request('POST', '/api/v1/images', smallPng(), { 'content-type': 'image/png' })).json().id;
  });
  afterAll(async () => ctx?.close());

  it('answers the generated artwork for artwork on another host, never a redirect there', async () => {
    for (const image of ['https://evil.example/x.png', 'http://169.254.169.254/latest/meta-data', `https://evil.example/images/${storedId}.png`, `${BASE_URL}/images/${storedId}.png?next=https://evil.example`]) {
      const res = await imageOf(image);
      expect(res.statusCode, image).toBe(200);
      expect(res.headers.location, image).toBeUndefined();
      expect(res.headers['content-type']).toContain('image/svg+xml');
      expect(res.body).not.toContain('evil.example');
    }
  });

  it("redirects only to this server's own path for a stored image of the organisation", async () => {
    const res = await imageOf(`${BASE_URL}/images/${storedId}.png`);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe(`/images/${storedId}.png`);
    expect((await ctx.app.inject({ method: 'GET', url: res.headers.location as string })).statusCode).toBe(200);
    // An id that is not one of its images: the default, not a redirect.
    expect((await imageOf(`${BASE_URL}/images/AAAAAAAAAAAAAAAA.png`)).statusCode).toBe(200);
  });

  it('serves inline artwork through the image check', async () => {
    const res = await imageOf(`data:image/png;base64,${smallPng().toString('base64')}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(PNG.sync.read(res.rawPayload).width).toBe(4);
  });
});
