import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, apiClient, createTestApp, minimalAchievement, minimalIssuer, setupOrganisation, type ApiClient, type TestContext } from '../support/test-app.js';

/** A colour no artwork here uses: a pixel of it in a render came from the local file. */
const MARK = { r: 13, g: 242, b: 97 };
const dataSvg = (svg: string) => `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
const svgDoc = (inner: string, attrs = '') => `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"${attrs}><rect width="64" height="64" fill="#123456"/>${inner}</svg>`;

function markedPixels(png: Buffer): number {
  const { data } = PNG.sync.read(png);
  let n = 0;
  for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i]! - MARK.r) < 8 && Math.abs(data[i + 1]! - MARK.g) < 8 && Math.abs(data[i + 2]! - MARK.b) < 8 && data[i + 3]! > 0) n++;
  return n;
}

function multipart(data: Uint8Array): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----laurel${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.svg"\r\nContent-Type: image/svg+xml\r\n\r\n`);
  return { payload: Buffer.concat([head, Buffer.from(data), Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe.each(ENGINES)('hostile artwork, whatever its route in (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let issuerId: string;
  let secret: string;
  let hostile: Record<string, string>;

  const get = (url: string) => ctx.app.inject({ method: 'GET', url });
  const expectProblem = (res: { statusCode: number; body: string; json(): any }, status = 400) => {
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json().type).toBe('https://laurel.dev/problems/validation');
  };
  /** An achievement holding `image` as it is (a row written before the check, or by hand), and one credential. */
  const storedAsIs = async (image: string) => {
    const achievement = (await api.post('/api/v1/achievements', minimalAchievement(issuerId))).json();
    const row = (await ctx.deps.store.achievements.findPublic(achievement.id))!;
    await ctx.deps.store.achievements.update({ ...row, image });
    const credential = await api.post('/api/v1/credentials', { achievementId: achievement.id, recipient: { email: 'ada@example.org', name: 'Ada' } });
    expect(credential.statusCode, credential.body).toBe(201);
    return { achievementId: achievement.id as string, credentialId: credential.json().id as string };
  };

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    api = apiClient(ctx.app, (await setupOrganisation(ctx.app)).apiKey);
    issuerId = (await api.post('/api/v1/issuers', minimalIssuer)).json().id;
    secret = join(mkdtempSync(join(tmpdir(), 'laurel-secret-')), 'secret.png');
    writeFileSync(secret, await sharp({ create: { width: 64, height: 64, channels: 4, background: { ...MARK, alpha: 1 } } }).png().toBuffer());
    const nested = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><image href="${secret}" width="64" height="64"/></svg>`;
    hostile = {
      'href to a local file': svgDoc(`<image href="${secret}" width="64" height="64"/>`),
      'file: URL': svgDoc(`<image xlink:href="file://${secret}" width="64" height="64"/>`, ' xmlns:xlink="http://www.w3.org/1999/xlink"'),
      'XLink href under another prefix': svgDoc(`<image foo:href="${secret}" width="64" height="64"/>`, ' xmlns:foo="http://www.w3.org/1999/xlink"'),
      'XLink declared on the element': svgDoc(`<image xmlns:q="http://www.w3.org/1999/xlink" q:href="${secret}" width="64" height="64"/>`),
      'feImage': svgDoc(`<filter id="f" x="0" y="0" width="1" height="1"><feImage href="${secret}"/></filter><rect width="64" height="64" filter="url(#f)"/>`),
      'nested SVG data URI': svgDoc(`<image href="${dataSvg(nested)}" width="64" height="64"/>`),
      'onload': svgDoc('', ' onload="alert(1)"'),
      'script': svgDoc('<script>alert(document.cookie)</script>'),
      'CSS escape u\\72l(': svgDoc(`<style>rect { fill: u\\72l(${secret}#a) }</style>`),
      'CSS \\000075rl( in style': svgDoc(`<circle r="9" style="fill: \\000075rl(${secret}#a)"/>`),
      'CSS escaped @import': svgDoc(`<style>@\\69mport "${secret}";</style>`),
    };
  });
  afterAll(async () => ctx?.close());

  it('refuses a data: SVG with active content or references out of itself as an achievement or issuer image (400, never 500)', async () => {
    const achievementId = (await api.post('/api/v1/achievements', minimalAchievement(issuerId))).json().id;
    for (const [name, svg] of Object.entries(hostile)) {
      for (const image of [dataSvg(svg), `data:image/svg+xml,${encodeURIComponent(svg)}`]) {
        const created = await api.post('/api/v1/achievements', { ...minimalAchievement(issuerId), image });
        expectProblem(created);
        expect(created.json().errors, name).toEqual([expect.objectContaining({ path: '/image' })]);
        expectProblem(await api.patch(`/api/v1/achievements/${achievementId}`, { image }));
        expectProblem(await api.post('/api/v1/issuers', { ...minimalIssuer, image }));
        expectProblem(await api.patch(`/api/v1/issuers/${issuerId}`, { image }));
      }
    }
    expect((await api.get(`/api/v1/achievements/${achievementId}`)).json().image ?? null).toBeNull();
  });

  it('refuses data: images that are not what they claim or do not decode', async () => {
    for (const image of ['data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB', 'data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>', 'data:image/png;base64,not*base64', 'data:image/gif;base64,R0lGODlh']) {
      expectProblem(await api.post('/api/v1/achievements', { ...minimalAchievement(issuerId), image }));
    }
  });

  it('stores a clean data: image as what the check produced (SVG re-serialised, raster re-encoded as PNG)', async () => {
    const jpeg = await sharp({ create: { width: 20, height: 10, channels: 3, background: { r: 200, g: 30, b: 60 } } }).withExif({ IFD0: { Copyright: 'camera owner' } }).jpeg().toBuffer();
    const raster = await api.post('/api/v1/achievements', { ...minimalAchievement(issuerId), image: `data:image/jpeg;base64,${jpeg.toString('base64')}` });
    expect(raster.statusCode, raster.body).toBe(201);
    const stored = Buffer.from(raster.json().image.replace(/^data:image\/png;base64,/, ''), 'base64');
    const meta = await sharp(stored).metadata();
    expect([meta.format, meta.width, meta.height, meta.exif]).toEqual(['png', 20, 10, undefined]);
    const svg = await api.post('/api/v1/issuers', { ...minimalIssuer, image: `data:image/svg+xml,${encodeURIComponent(svgDoc('<circle r="9"/>'))}` });
    expect(svg.statusCode, svg.body).toBe(201);
    expect(svg.json().image).toMatch(/^data:image\/svg\+xml;base64,/);
  });

  it('renders artwork stored before the check without any pixel of the local file, and never answers 500', async () => {
    for (const [name, svg] of Object.entries(hostile)) {
      const { credentialId, achievementId } = await storedAsIs(dataSvg(svg));
      const png = await get(`/credentials/${credentialId}/badge.png`);
      expect(png.statusCode, `${name}: ${png.body}`).toBe(200);
      expect(markedPixels(png.rawPayload), name).toBe(0);
      const baked = await get(`/credentials/${credentialId}/badge.svg`);
      expect(baked.statusCode, `${name}: ${baked.body}`).toBe(200);
      expect(baked.body, name).not.toContain(secret);
      expect(baked.body, name).not.toMatch(/<script|onload|\\72|\\0+75|@\\69/i);
      const pdf = await get(`/credentials/${credentialId}/certificate.pdf`);
      expect(pdf.statusCode, name).toBe(200);
      const ob2 = await get(`/ob2/badges/${achievementId}/image`);
      expect(ob2.statusCode, name).toBeLessThan(500);
      expect(ob2.body).not.toContain(secret);
    }
  });

  it('falls back to the default artwork for stored data: images that do not decode or render', async () => {
    for (const image of [`data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect></svg>')}`, 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB']) {
      const { credentialId } = await storedAsIs(image);
      for (const file of ['badge.png', 'badge.svg', 'certificate.pdf']) expect((await get(`/credentials/${credentialId}/${file}`)).statusCode, `${image} ${file}`).toBe(200);
    }
  });

  it('uploads: removes every reference out of the SVG, and the stored image never draws the local file', async () => {
    for (const [name, svg] of Object.entries(hostile)) {
      const { payload, headers } = multipart(Buffer.from(svg));
      const res = await api.request('POST', '/api/v1/images', payload, headers);
      expect(res.statusCode, `${name}: ${res.body}`).toBe(201);
      const served = await get(new URL(res.json().url).pathname);
      expect(served.statusCode, name).toBe(200);
      expect(markedPixels(served.rawPayload), name).toBe(0);
      const text = (await get(new URL(res.json().svgUrl).pathname)).body;
      expect(text, name).not.toContain(secret);
    }
  });
});
