import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { PNG } from 'pngjs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../src/domain/organisations/create-organisation.js';
import { ENGINES, PASSWORD, apiClient, createTestApp, minimalAchievement, minimalCredential, minimalIssuer, setupOrganisation, type ApiClient, type TestContext } from '../support/test-app.js';

const MiB = 1024 * 1024;

function multipart(name: string, filename: string, type: string, data: Uint8Array): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----laurel${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`);
  const payload = Buffer.concat([head, Buffer.from(data), Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'latin1'), data])) >>> 0);
  return Buffer.concat([length, Buffer.from(type, 'latin1'), data, crc]);
}

/** A few hundred bytes that declare a 100 000 × 100 000 RGBA image. */
function pngBomb(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(100_000, 0);
  ihdr.writeUInt32BE(100_000, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])), chunk('IEND', Buffer.alloc(0))]);
}

const solid = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 60 } } });

const EVIL_SVG = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="200" height="100" viewBox="0 0 200 100" onload="alert(1)">
  <script>alert(document.cookie)</script>
  <style>@import url(https://evil.example/x.css); .a { fill: #2b6cb0 }</style>
  <defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>
  <rect class="a" width="200" height="100" fill="url(#g)" onclick="steal()"/>
  <a href="javascript:alert(1)"><circle cx="50" cy="50" r="20" fill="red"/></a>
  <a xlink:href="javascript:alert(2)"><circle cx="80" cy="50" r="10"/></a>
  <image href="https://evil.example/track.png" width="10" height="10"/>
  <image xlink:href="file:///etc/passwd" width="10" height="10"/>
  <use href="https://evil.example/sprite.svg#icon"/>
  <circle cx="150" cy="50" r="20" style="fill: url(https://evil.example/x)"/>
  <foreignObject width="100" height="100"><div xmlns="http://www.w3.org/1999/xhtml"><iframe src="https://evil.example"></iframe></div></foreignObject>
  <animate attributeName="href" to="javascript:alert(3)"/>
  <set attributeName="onmouseover" to="alert(4)"/>
  <text x="10" y="90" font-size="12">Kept &amp; safe</text>
</svg>`;

const DESIGN = { shape: 'shield', primary: '#2f855a', secondary: '#f6e05e', icon: 'trophy', title: 'Rust <Champion> & "Friends"', subtitle: '2026' };

describe.each(ENGINES)('achievement images (%s)', (engine) => {
  let ctx: TestContext;
  let owner: ApiClient;
  let other: ApiClient;
  let viewer: ApiClient;

  const upload = (client: ApiClient, data: Uint8Array, type: string, asMultipart = true) => {
    if (!asMultipart) return client.request('POST', '/api/v1/images', Buffer.from(data), { 'content-type': type });
    const { payload, headers } = multipart('file', `artwork.${type.split('/')[1]!.replace('+xml', '')}`, type, data);
    return client.request('POST', '/api/v1/images', payload, headers);
  };
  const fetchPublic = (url: string) => ctx.app.inject({ method: 'GET', url: new URL(url).pathname });

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    const { apiKey } = await setupOrganisation(ctx.app);
    owner = apiClient(ctx.app, apiKey);
    const org = await createOrganisation(ctx.deps, { name: 'Other Org', owner: { email: 'owner@other.example', password: PASSWORD } });
    other = apiClient(ctx.app, org.apiKeySecret);
    viewer = apiClient(ctx.app, (await owner.post('/api/v1/api-keys', { name: 'viewer', role: 'viewer' })).json().secret);
  });
  afterAll(async () => ctx?.close());

  it('normalises a PNG to a square, metadata-free PNG served for good at its public URL', async () => {
    const input = await solid(300, 200).withExif({ IFD0: { Copyright: 'secret camera owner' } }).png().toBuffer();
    const res = await upload(owner, input, 'image/png');
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ contentType: 'image/png', source: 'upload', width: 300, height: 300 });
    expect(body.url).toMatch(/^https:\/\/badges\.test\.example\/images\/[\w-]+\.png$/);
    expect(body.svgUrl).toBeUndefined();
    expect(res.headers.location).toBe(body.url);

    const served = await fetchPublic(body.url);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['cache-control']).toContain('immutable');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    const png = PNG.sync.read(served.rawPayload);
    expect([png.width, png.height]).toEqual([300, 300]);
    expect(png.data[3]).toBe(0); // top-left corner is transparent padding
    expect(png.data[(150 * 300 + 150) * 4]).toBe(200); // the middle is the image
    const meta = await sharp(served.rawPayload).metadata();
    expect(meta.exif).toBeUndefined();
    expect(served.rawPayload.includes(Buffer.from('secret camera owner'))).toBe(false);

    // The same bytes again give the same image.
    expect((await upload(owner, input, 'image/png', false)).json().id).toBe(body.id);
    // It is accepted as an achievement's artwork.
    const issuerId = (await owner.post('/api/v1/issuers', minimalIssuer)).json().id;
    const achievement = await owner.post('/api/v1/achievements', { ...minimalAchievement(issuerId), image: body.url });
    expect(achievement.statusCode, achievement.body).toBe(201);
    expect(achievement.json().image).toBe(body.url);
    // Badges baked for its credentials carry this very artwork (not the generated default).
    const credential = await owner.post('/api/v1/credentials', minimalCredential(achievement.json().id));
    expect(credential.statusCode, credential.body).toBe(201);
    const baked = await ctx.app.inject({ method: 'GET', url: `/credentials/${credential.json().id}/badge.png` });
    expect(baked.statusCode).toBe(200);
    const bakedPng = PNG.sync.read(baked.rawPayload);
    expect([bakedPng.width, bakedPng.height]).toEqual([300, 300]);
    expect(bakedPng.data[(150 * 300 + 150) * 4]).toBe(200);
  });

  it('converts JPEG and WebP bodies to PNG, at most 1024 pixels a side', async () => {
    const jpeg = await upload(owner, await solid(2000, 1000).jpeg().toBuffer(), 'image/jpeg', false);
    expect(jpeg.statusCode, jpeg.body).toBe(201);
    expect(jpeg.json()).toMatchObject({ contentType: 'image/png', width: 1024, height: 1024 });
    const served = await fetchPublic(jpeg.json().url);
    expect(await sharp(served.rawPayload).metadata()).toMatchObject({ format: 'png', width: 1024, height: 1024 });

    const webp = await upload(owner, await solid(64, 128).webp().toBuffer(), 'image/webp');
    expect(webp.statusCode, webp.body).toBe(201);
    expect(webp.json()).toMatchObject({ contentType: 'image/png', width: 128, height: 128 });
  });

  it('refuses files over the size limit with 413, before decoding', async () => {
    const big = new Uint8Array(2 * MiB + 1);
    big.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    for (const asMultipart of [true, false]) {
      const res = await upload(owner, big, 'image/png', asMultipart);
      expect(res.statusCode, res.body).toBe(413);
      expect(res.json().type).toBe('https://laurel.dev/problems/payload-too-large');
    }
  });

  it('refuses what is not an image, or a damaged one, with a 400 problem', async () => {
    const notImage = await upload(owner, Buffer.from('just some text, not a picture'), 'image/png');
    expect(notImage.statusCode).toBe(400);
    expect(notImage.json()).toMatchObject({ type: 'https://laurel.dev/problems/validation', detail: expect.stringContaining('not a PNG, JPEG, WebP or SVG') });

    const full = await sharp({ create: { width: 256, height: 256, channels: 3, background: '#000000', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).png().toBuffer();
    const truncated = await upload(owner, full.subarray(0, Math.floor(full.length / 2)), 'image/png');
    expect(truncated.statusCode, truncated.body).toBe(400);
    expect(truncated.json().detail).toMatch(/damaged|truncated|could not be read/);

    const gif = await upload(owner, Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), 'image/png');
    expect(gif.statusCode).toBe(400);
    const json = await owner.post('/api/v1/images', { file: 'x' });
    expect(json.statusCode).toBe(400);
  });

  it('refuses a decompression bomb from its header, quickly', async () => {
    const started = Date.now();
    const res = await upload(owner, pngBomb(), 'image/png', false);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().detail).toContain('100000 × 100000');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('sanitises SVG: scripts, handlers, javascript: and external references, foreignObject and animation never stored', async () => {
    const res = await upload(owner, Buffer.from(EVIL_SVG), 'image/svg+xml');
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ contentType: 'image/svg+xml', width: 200, height: 100 });
    expect(body.removed).toEqual(expect.arrayContaining(['<script>', '<foreignObject>', '<animate>', '<set>']));
    expect(body.removed.join('\n')).toMatch(/onload attribute/);
    expect(body.removed.join('\n')).toMatch(/external href "https:\/\/evil\.example\/track\.png"/);

    const served = await fetchPublic(body.svgUrl);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toContain('image/svg+xml');
    expect(served.headers['content-security-policy']).toContain("default-src 'none'");
    expect(served.headers['content-security-policy']).toContain("style-src 'unsafe-inline'");
    const svg = served.body;
    for (const bad of [/<script/i, /\son\w+=/i, /javascript:/i, /foreignObject/i, /evil\.example/, /file:/, /@import/, /<animate/, /<set/, /<iframe/]) expect(svg).not.toMatch(bad);
    expect(svg).toContain('Kept &amp; safe');
    expect(svg).toContain('url(#g)');
    expect(svg).toContain('viewBox="0 0 200 100"');

    const png = await fetchPublic(body.url);
    expect(png.headers['content-type']).toBe('image/png');
    expect(PNG.sync.read(png.rawPayload).width).toBe(512);
  });

  it('refuses SVG with a DOCTYPE or entities, malformed XML and <use> bombs, with a reason', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"><text>&xxe;</text></svg>`;
    const laughs = `<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>`;
    for (const svg of [xxe, laughs]) {
      const res = await upload(owner, Buffer.from(svg), 'image/svg+xml');
      expect(res.statusCode).toBe(400);
      expect(res.json().detail).toContain('DOCTYPE');
    }
    const malformed = await upload(owner, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><g></svg>'), 'image/svg+xml');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().detail).toContain('not well-formed');
    const uses = Array.from({ length: 8 }, (_, i) => `<g id="l${i + 1}">${`<use href="#l${i}"/>`.repeat(10)}</g>`).join('');
    const bomb = `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><defs><circle id="l0" r="1"/>${uses}</defs><use href="#l8"/></svg>`;
    const res = await upload(owner, Buffer.from(bomb), 'image/svg+xml');
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toContain('<use>');
  });

  it('generates a badge from a design: escaped text, stored as SVG, rendered to PNG', async () => {
    const preview = await owner.get(`/api/v1/images/preview?${new URLSearchParams(DESIGN)}`);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.headers['content-type']).toContain('image/svg+xml');
    expect(preview.body).toContain('Rust &lt;Champion&gt;');
    expect(preview.body).not.toContain('<Champion>');
    const dry = await owner.post('/api/v1/images/generate', { ...DESIGN, dryRun: true });
    expect(dry.statusCode).toBe(200);
    expect(dry.json().svg).toBe(preview.body);

    const res = await owner.post('/api/v1/images/generate', DESIGN);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ contentType: 'image/svg+xml', source: 'generated', width: 512, height: 512 });
    const png = await fetchPublic(res.json().url);
    const decoded = PNG.sync.read(png.rawPayload);
    expect([decoded.width, decoded.height]).toEqual([512, 512]);
    const centre = (256 * 512 + 100) * 4; // inside the shield: the primary colour, opaque
    expect(decoded.data[centre + 3]).toBe(255);
    expect((await fetchPublic(res.json().svgUrl)).body).toBe(preview.body);

    const options = (await owner.get('/api/v1/images/options')).json();
    expect(options.shapes).toEqual(['circle', 'shield', 'hexagon', 'ribbon', 'square']);
    expect(options.icons).toEqual(expect.arrayContaining(['star', 'check', 'book', 'code', 'shield', 'trophy', 'heart', 'lightning', 'leaf', 'rocket']));
  });

  it('refuses bad designs field by field', async () => {
    const res = await owner.post('/api/v1/images/generate', { ...DESIGN, primary: 'red', icon: 'skull', title: '' });
    expect(res.statusCode).toBe(400);
    const paths = res.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/primary', '/icon', '/title']));
    const control = await owner.post('/api/v1/images/generate', { ...DESIGN, title: 'bad\u0007bell' });
    expect(control.statusCode).toBe(400);
    expect((await owner.post('/api/v1/images/generate', { ...DESIGN, title: 'x'.repeat(61) })).statusCode).toBe(400);
  });

  it('deletes an image nothing uses; refuses, naming them, while an achievement, an issuer or an issued credential uses it', async () => {
    const design = (title: string) => owner.post('/api/v1/images/generate', { ...DESIGN, title }).then((r) => r.json() as { id: string; url: string; svgUrl: string });
    const del = (client: ApiClient, id: string) => client.request('DELETE', `/api/v1/images/${id}`);

    // Unused: gone, with its public URLs; deleting again is not found.
    const unused = await design('Unused');
    expect((await del(viewer, unused.id)).statusCode).toBe(403);
    const foreign = await del(other, unused.id);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().type).toBe('https://laurel.dev/problems/not-found');
    expect((await del(owner, unused.id)).statusCode).toBe(204);
    expect((await owner.get(`/api/v1/images/${unused.id}`)).statusCode).toBe(404);
    expect((await fetchPublic(unused.url)).statusCode).toBe(404);
    expect((await fetchPublic(unused.svgUrl)).statusCode).toBe(404);
    expect((await del(owner, unused.id)).statusCode).toBe(404);
    const audit = await ctx.storage.db.selectFrom('audit_log').select(['action', 'target_id']).where('action', '=', 'image.delete').execute();
    expect(audit).toEqual([{ action: 'image.delete', target_id: unused.id }]);

    // Used by an (archived) achievement and an issuer: 409 naming both; free once neither uses it.
    const shared = await design('Shared');
    const issuer = (await owner.post('/api/v1/issuers', { ...minimalIssuer, name: 'Artful Issuer', image: shared.svgUrl })).json();
    const achievement = (await owner.post('/api/v1/achievements', { ...minimalAchievement(issuer.id), name: 'Artful Badge', image: shared.url })).json();
    expect((await owner.patch(`/api/v1/achievements/${achievement.id}`, { archived: true })).statusCode).toBe(200);
    const refused = await del(owner, shared.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ type: 'https://laurel.dev/problems/conflict', detail: 'this image is in use by achievement “Artful Badge”; issuer “Artful Issuer”' });
    expect((await fetchPublic(shared.url)).statusCode).toBe(200);
    expect((await owner.patch(`/api/v1/achievements/${achievement.id}`, { image: null })).statusCode).toBe(200);
    expect((await del(owner, shared.id)).json().detail).toBe('this image is in use by issuer “Artful Issuer”');
    expect((await owner.patch(`/api/v1/issuers/${issuer.id}`, { image: null })).statusCode).toBe(200);
    expect((await del(owner, shared.id)).statusCode).toBe(204);

    // Once a credential is signed with it, it stays, even after the achievement moves to other artwork.
    const awarded = await design('Awarded');
    const live = (await owner.post('/api/v1/achievements', { ...minimalAchievement(issuer.id), name: 'Awarded Badge', image: awarded.url })).json();
    expect((await owner.post('/api/v1/credentials', minimalCredential(live.id))).statusCode).toBe(201);
    expect((await owner.patch(`/api/v1/achievements/${live.id}`, { image: null })).statusCode).toBe(200);
    const signed = await del(owner, awarded.id);
    expect(signed.statusCode).toBe(409);
    expect(signed.json().detail).toBe('this image is in use by credentials already issued (their signed documents link to it and cannot change)');
    expect((await fetchPublic(awarded.url)).statusCode).toBe(200);

    // Another organisation's use of the same URL is its own affair; only the owner's uses count.
    const theirs = await design('Hotlinked');
    const otherIssuer = (await other.post('/api/v1/issuers', { ...minimalIssuer, image: theirs.url })).json();
    expect(otherIssuer.image).toBe(theirs.url);
    expect((await del(owner, theirs.id)).statusCode).toBe(204);
  });

  it('keeps images to their organisation and needs achievements:write to add one', async () => {
    const mine = (await owner.post('/api/v1/images/generate', DESIGN)).json();
    expect((await owner.get(`/api/v1/images/${mine.id}`)).json()).toMatchObject({ id: mine.id, url: mine.url });
    const foreign = await other.get(`/api/v1/images/${mine.id}`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().type).toBe('https://laurel.dev/problems/not-found');
    // Artwork is public once it has a URL, like the achievement that shows it.
    expect((await fetchPublic(mine.url)).statusCode).toBe(200);
    expect((await ctx.app.inject({ method: 'GET', url: '/images/does-not-exist.png' })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'GET', url: `/images/${mine.id}.gif` })).statusCode).toBe(400);

    expect((await viewer.get(`/api/v1/images/${mine.id}`)).statusCode).toBe(200);
    const png = await solid(10, 10).png().toBuffer();
    for (const res of [await upload(viewer, png, 'image/png'), await viewer.post('/api/v1/images/generate', DESIGN)]) {
      expect(res.statusCode).toBe(403);
      expect(res.json().type).toBe('https://laurel.dev/problems/forbidden');
    }
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/images/generate', payload: DESIGN })).statusCode).toBe(401);
  });
});
