import { unbake } from '@laurel/core';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, ENGINES, apiClient, createTestApp, minimalAchievement, minimalIssuer, setupOrganisation, type ApiClient, type TestContext } from '../support/test-app.js';
import { pngTextChunks } from './png-text.js';

function smallPng(width: number, height: number): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < png.data.length; i += 4) png.data.set([200, 30, 60, 255], i);
  return PNG.sync.write(png);
}

describe.each(ENGINES)('baked badge images (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let issuerId: string;
  let credentialId: string;
  let storedOb3: string;

  const get = (url: string) => ctx.app.inject({ method: 'GET', url });
  const awardFor = async (achievement: Record<string, unknown>) => {
    const achievementId = (await api.post('/api/v1/achievements', { ...minimalAchievement(issuerId), ...achievement })).json().id;
    const res = await api.post('/api/v1/credentials', { achievementId, recipient: { email: 'ada@example.org', name: 'Ada' } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    api = apiClient(ctx.app, (await setupOrganisation(ctx.app)).apiKey);
    issuerId = (await api.post('/api/v1/issuers', minimalIssuer)).json().id;
    credentialId = await awardFor({});
    storedOb3 = (await ctx.deps.store.credentialDocuments.find(credentialId, 'ob3'))!.body;
  });
  afterAll(async () => ctx?.close());

  it('bakes the signed OB 3.0 credential into the default artwork as PNG', async () => {
    const res = await get(`/credentials/${credentialId}/badge.png`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    const bytes = res.rawPayload;
    const decoded = PNG.sync.read(bytes); // an independent decoder: valid chunks, CRCs and pixels
    expect(decoded.width).toBe(512);
    expect(decoded.height).toBe(512);
    expect(unbake(bytes)).toEqual({ format: 'png', version: 3, text: storedOb3 });
    const chunks = pngTextChunks(bytes);
    expect(chunks.get('openbadgecredential')).toBe(storedOb3);
    expect(JSON.parse(chunks.get('openbadgecredential')!)).toMatchObject({ id: `${BASE_URL}/ob3/credentials/${credentialId}` });
    expect(chunks.has('openbadges')).toBe(false);
  });

  it('bakes the OB 2.0 hosted assertion URL with ?version=2', async () => {
    const bytes = (await get(`/credentials/${credentialId}/badge.png?version=2`)).rawPayload;
    PNG.sync.read(bytes);
    const assertion = `${BASE_URL}/ob2/assertions/${credentialId}`;
    expect(unbake(bytes)).toEqual({ format: 'png', version: 2, text: assertion });
    expect(pngTextChunks(bytes).get('openbadges')).toBe(assertion);
  });

  it('bakes SVG for OB 3.0 (credential element with the JSON) and OB 2.0 (assertion verify URL)', async () => {
    const v3 = await get(`/credentials/${credentialId}/badge.svg`);
    expect(v3.headers['content-type']).toBe('image/svg+xml');
    expect(String(v3.headers['content-security-policy'])).toContain("default-src 'none'");
    expect(XMLValidator.validate(v3.body)).toBe(true);
    expect(unbake(v3.rawPayload)).toEqual({ format: 'svg', version: 3, text: storedOb3 });
    const parsed = new XMLParser({ ignoreAttributes: false, cdataPropName: '#cdata' }).parse(v3.body);
    expect(parsed.svg['@_xmlns:openbadges']).toBe('https://purl.imsglobal.org/ob/v3p0');
    expect(JSON.parse(parsed.svg['openbadges:credential']['#cdata'])).toEqual(JSON.parse(storedOb3));

    const v2 = await get(`/credentials/${credentialId}/badge.svg?version=2`);
    expect(XMLValidator.validate(v2.body)).toBe(true);
    const assertion = new XMLParser({ ignoreAttributes: false }).parse(v2.body).svg['openbadges:assertion'];
    expect(assertion['@_verify']).toBe(`${BASE_URL}/ob2/assertions/${credentialId}`);
    expect(unbake(v2.rawPayload)).toMatchObject({ format: 'svg', version: 2, text: `${BASE_URL}/ob2/assertions/${credentialId}` });
  });

  it("keeps an achievement's own PNG artwork pixel for pixel (re-encoded by sharp when stored) and wraps it for SVG", async () => {
    const art = smallPng(40, 30);
    const id = await awardFor({ image: `data:image/png;base64,${art.toString('base64')}` });
    const png = (await get(`/credentials/${id}/badge.png`)).rawPayload;
    const decoded = PNG.sync.read(png);
    expect([decoded.width, decoded.height]).toEqual([40, 30]);
    expect(Buffer.compare(Buffer.from(decoded.data), PNG.sync.read(art).data)).toBe(0);
    expect(unbake(png)?.text).toBe((await ctx.deps.store.credentialDocuments.find(id, 'ob3'))!.body);

    const stored = (await ctx.deps.store.credentials.findPublic(id))!;
    const image = (await ctx.deps.store.achievements.findPublic(stored.achievementId))!.image!;
    expect(image).toMatch(/^data:image\/png;base64,/);
    const svg = (await get(`/credentials/${id}/badge.svg`)).body;
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toContain(`href="${image}"`);
  });

  it('renders SVG artwork without its external references, and uses the default for remote artwork', async () => {
    const hostile = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="64" height="64"><image href="/etc/passwd" width="10" height="10"/><image xlink:href="http://169.254.169.254/x.png"/><rect width="64" height="64" fill="#0a0"/></svg>`;
    const image = `data:image/svg+xml;base64,${Buffer.from(hostile).toString('base64')}`;
    // Refused through the API (what the sanitiser would remove is listed) …
    const refused = await api.post('/api/v1/achievements', { ...minimalAchievement(issuerId), image });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].message).toContain('/etc/passwd');
    // … and neutralised when rendering a row stored before that check.
    const id = await awardFor({});
    const achievement = (await ctx.deps.store.achievements.findPublic((await ctx.deps.store.credentials.findPublic(id))!.achievementId))!;
    await ctx.deps.store.achievements.update({ ...achievement, image });
    const png = await get(`/credentials/${id}/badge.png`);
    expect(png.statusCode).toBe(200);
    const decoded = PNG.sync.read(png.rawPayload);
    expect(decoded.width).toBe(512);
    expect([...decoded.data.subarray(0, 3)]).toEqual([0, 170, 0]);
    const svg = (await get(`/credentials/${id}/badge.svg`)).body;
    expect(svg).not.toContain('/etc/passwd');
    expect(svg).not.toContain('169.254.169.254');

    const remote = await awardFor({ image: 'https://cdn.example/badge.png' });
    const fallback = await get(`/credentials/${remote}/badge.png`);
    expect(fallback.statusCode).toBe(200);
    expect(PNG.sync.read(fallback.rawPayload).width).toBe(512);
  });

  it('GET /api/v1/credentials/:id/image serves the organisation any of its credentials, in every combination', async () => {
    const hidden = await awardFor({});
    const stored = (await ctx.deps.store.credentials.findPublic(hidden))!;
    await ctx.deps.store.credentials.update({ ...stored, visibility: 'private' });
    const ob3 = (await ctx.deps.store.credentialDocuments.find(hidden, 'ob3'))!.body;
    for (const [version, format] of [['3', 'png'], ['3', 'svg'], ['2', 'png'], ['2', 'svg']] as const) {
      const res = await api.get(`/api/v1/credentials/${hidden}/image?version=${version}&format=${format}`);
      expect(res.statusCode, `${version} ${format}`).toBe(200);
      expect(res.headers['cache-control']).toBe('private, no-store');
      const found = unbake(res.rawPayload)!;
      expect(found.format).toBe(format);
      expect(found.version).toBe(Number(version));
      expect(found.text).toBe(version === '3' ? ob3 : `${BASE_URL}/ob2/assertions/${hidden}`);
    }
    expect((await api.get(`/api/v1/credentials/${hidden}/image`)).headers['content-type']).toBe('image/png');
    expect((await get(`/credentials/${hidden}/badge.png`)).statusCode).toBe(404);
    expect((await get(`/api/v1/credentials/${hidden}/image`)).statusCode).toBe(401);
    expect((await api.get(`/api/v1/credentials/${hidden}/image?format=gif`)).statusCode).toBe(400);
    expect((await api.get(`/api/v1/credentials/${hidden}/image?version=1`)).statusCode).toBe(400);
  });
});
