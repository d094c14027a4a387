import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { PNG } from 'pngjs';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/adapters/http/app.js';
import type { IsolatedPool } from '../../src/adapters/isolation/isolated-pool.js';
import { createUntrustedWork } from '../../src/adapters/isolation/untrusted-work.js';
import { createVerifierDeps } from '../../src/adapters/verification/remote-documents.js';
import { apiClient, createTestApp, ENGINES, minimalAchievement, minimalIssuer, setupOrganisation, type ApiClient, type TestContext } from '../support/test-app.js';

/**
 * Issue 10: inputs that held the event loop (and the memory) of the whole server. Each is built
 * here; the server must answer a problem document or a failed check, and keep serving meanwhile.
 */
const svg = (inner: string, size = 'width="100" height="100"') => `<svg xmlns="http://www.w3.org/2000/svg" ${size}>${inner}</svg>`;
const dataUri = (text: string) => `data:image/svg+xml;base64,${Buffer.from(text).toString('base64')}`;
/** 67 s and then some at 512 px: a morphology radius of 200, chained. */
const MORPHOLOGY = svg('<filter id="f"><feMorphology radius="200"/><feMorphology radius="200"/></filter><rect width="100" height="100" filter="url(#f)"/>');
/** 16 s: a thousand octaves of turbulence. */
const TURBULENCE = svg('<filter id="f"><feTurbulence baseFrequency="0.05" numOctaves="1000"/></filter><rect width="100" height="100" filter="url(#f)"/>');
/** 61 s: a filter region a hundred times its element's box. */
const REGION = svg('<filter id="f" x="-50" y="-50" width="100" height="100"><feFlood flood-color="red"/></filter><rect width="100" height="100" filter="url(#f)"/>');
/** 17 s and 2 GiB: 10 × 2000, once fitted to 512 px wide (a 512 × 102 400 raster). */
const TALL = svg('<rect width="10" height="2000" fill="#a00"/>', 'width="10" height="2000"');
/** Slow although every number in it is small: a transform scales the filter up (several seconds). */
const SCALED = svg('<filter id="f"><feMorphology radius="1"/></filter><g transform="scale(20)"><rect width="5" height="5" filter="url(#f)"/></g>');

/** A PDF: numbered objects, then a trailer (pdf-lib scans the objects). */
function rawPdf(objects: (string | Buffer)[]): Uint8Array {
  const parts = [Buffer.from('%PDF-1.7\n')];
  objects.forEach((o, i) => parts.push(Buffer.from(`${i + 1} 0 obj\n`), Buffer.from(o), Buffer.from('\nendobj\n')));
  parts.push(Buffer.from('trailer\n<< /Root 1 0 R >>\n%%EOF\n'));
  return new Uint8Array(Buffer.concat(parts));
}
const objStm = (header: string, body: Buffer, filter = '') => Buffer.concat([Buffer.from(`<< /Type /ObjStm /N ${header.split(' ').length >> 1} /First ${header.length}${filter} /Length ${header.length + body.length} >>\nstream\n${header}`), body, Buffer.from('\nendstream')]);
/** ~1 MB: 9 000 object stream entries at one offset, before a megabyte of whitespace (30 s, 1.3 GiB). */
const WHITESPACE_PDF = rawPdf(['<< /Type /Catalog >>', objStm(Array.from({ length: 9_000 }, (_, i) => `${i + 10} 0`).join(' ') + ' ', Buffer.from(' '.repeat(1_000_000) + '<<>>'))]);
/** 8 KB, well-formed, inflating to 8 MB: one array of four million numbers (200 MB of pdf-lib objects). */
function heapBombPdf(): Uint8Array {
  const header = '10 0 ';
  const data = deflateSync(Buffer.from(header + '[' + '0 '.repeat(4_000_000) + ']'));
  return rawPdf(['<< /Type /Catalog >>', Buffer.concat([Buffer.from(`<< /Type /ObjStm /N 1 /First ${header.length} /Filter /FlateDecode /Length ${data.length} >>\nstream\n`), data, Buffer.from('\nendstream')])]);
}

const problemType = (res: LightMyRequestResponse) => res.json<{ type: string }>().type;

describe.each(ENGINES)('inputs that would stall the server (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let verifyApp: FastifyInstance;
  let issuerId: string;

  beforeAll(async () => {
    // Small limits, injected: renders get 2 s (the hostile ones need far longer), PDF readers 64 MiB.
    ctx = await createTestApp(engine, { untrusted: createUntrustedWork({ images: { timeoutMs: 2_000 }, pdf: { heapMb: 64 } }) });
    verifyApp = await buildApp(
      { ...ctx.deps, verify: { verifier: createVerifierDeps({ allowHosts: [], isolation: ctx.deps.untrusted.pdf }, ctx.deps.clock), rateLimit: { max: 1000, timeWindowMs: 60_000 }, maxUploadBytes: 2 * 1024 * 1024 } },
      { logger: false },
    );
    api = apiClient(ctx.app, (await setupOrganisation(ctx.app)).apiKey);
    issuerId = (await api.post('/api/v1/issuers', minimalIssuer)).json().id;
  });
  afterAll(async () => {
    await verifyApp?.close();
    await ctx?.close();
  });

  /** A credential of an achievement whose artwork is `artwork`, given through the API (checked on write). */
  const awardWithArtwork = async (artwork: string) => {
    const created = await api.post('/api/v1/achievements', { ...minimalAchievement(issuerId), image: dataUri(artwork) });
    expect(created.statusCode, created.body).toBe(201);
    const res = await api.post('/api/v1/credentials', { achievementId: created.json().id, recipient: { email: 'ada@example.org', name: 'Ada' } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  /**
   * The same, with the artwork written straight into the row (stored before the write check existed,
   * or by hand): what every render checks again.
   */
  const awardWithStoredArtwork = async (artwork: string) => {
    const achievement = (await api.post('/api/v1/achievements', minimalAchievement(issuerId))).json();
    const row = (await ctx.deps.store.achievements.findPublic(achievement.id))!;
    await ctx.deps.store.achievements.update({ ...row, image: dataUri(artwork) });
    const res = await api.post('/api/v1/credentials', { achievementId: achievement.id, recipient: { email: 'ada@example.org', name: 'Ada' } });
    expect(res.statusCode, res.body).toBe(201);
    return { credentialId: res.json().id as string, achievementId: achievement.id as string };
  };
  const verifyPdf = (pdf: Uint8Array) => verifyApp.inject({ method: 'POST', url: '/api/v1/verify', headers: { 'content-type': 'application/pdf' }, payload: Buffer.from(pdf) });

  /** Starts `hostile`, waits until a worker of `pool` has it, then /healthz must answer before it does. */
  async function servesMeanwhile(pool: IsolatedPool, hostile: () => Promise<LightMyRequestResponse>): Promise<LightMyRequestResponse> {
    let settled = false;
    const pending = hostile().finally(() => (settled = true));
    while (pool.stats().running === 0 && !settled) await new Promise((ok) => setTimeout(ok, 5));
    const health = await ctx.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(settled, 'the hostile request finished before /healthz was answered').toBe(false);
    return pending;
  }

  const COSTLY = [
    ['huge morphology radii', MORPHOLOGY],
    ['a thousand turbulence octaves', TURBULENCE],
    ['a filter region a hundred times the element', REGION],
  ];

  it.each(COSTLY)('inline artwork with %s is refused on write with image-too-complex (achievement and issuer images)', async (_name, artwork) => {
    const achievementId = (await api.post('/api/v1/achievements', minimalAchievement(issuerId))).json().id;
    for (const res of [
      await api.post('/api/v1/achievements', { ...minimalAchievement(issuerId), image: dataUri(artwork) }),
      await api.patch(`/api/v1/achievements/${achievementId}`, { image: dataUri(artwork) }),
      await api.post('/api/v1/issuers', { ...minimalIssuer, image: dataUri(artwork) }),
      await api.patch(`/api/v1/issuers/${issuerId}`, { image: dataUri(artwork) }),
    ]) {
      expect(res.statusCode, res.body).toBe(422);
      expect(problemType(res)).toBe('https://laurel.dev/problems/image-too-complex');
    }
  });

  it.each(COSTLY)('badge.png, badge.svg, certificate.pdf and the OB 2.0 image of stored inline artwork with %s answer image-too-complex, at once', async (_name, artwork) => {
    const { credentialId, achievementId } = await awardWithStoredArtwork(artwork);
    for (const url of [`/credentials/${credentialId}/badge.png`, `/credentials/${credentialId}/badge.svg`, `/credentials/${credentialId}/certificate.pdf`, `/ob2/badges/${achievementId}/image`]) {
      const res = await ctx.app.inject({ method: 'GET', url });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(problemType(res)).toBe('https://laurel.dev/problems/image-too-complex');
    }
  });

  it('a very tall inline SVG is drawn within 512 × 512 pixels', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: `/credentials/${await awardWithArtwork(TALL)}/badge.png` });
    expect(res.statusCode, res.body).toBe(200);
    const png = PNG.sync.read(res.rawPayload);
    expect(Math.max(png.width, png.height)).toBeLessThanOrEqual(512);
  });

  it('an SVG too slow to draw is cut off at the deadline (422) while the server answers other requests', async () => {
    const { credentialId: id } = await awardWithStoredArtwork(SCALED);
    const res = await servesMeanwhile(ctx.deps.untrusted.images, () => ctx.app.inject({ method: 'GET', url: `/credentials/${id}/badge.png` }));
    expect(res.statusCode, res.body).toBe(422);
    expect(problemType(res)).toBe('https://laurel.dev/problems/image-too-complex');
    expect(res.json().detail).toContain('longer than 2 s');
    // Remembered: asking again does not draw it again.
    const sent = vi.spyOn(ctx.deps.untrusted.images, 'run');
    try {
      const again = await ctx.app.inject({ method: 'GET', url: `/credentials/${id}/badge.png` });
      expect(again.statusCode).toBe(422);
      expect(sent.mock.calls.map(([task]) => task.fn)).not.toContain('renderSvg');
    } finally {
      sent.mockRestore();
    }
    expect(ctx.deps.untrusted.images.stats().running).toBe(0);
  });

  it('the same slow SVG given as an achievement image is cut off on write (422) while the server answers other requests', async () => {
    const slow = SCALED.replace('<g ', '<g id="on-write" ');
    const res = await servesMeanwhile(ctx.deps.untrusted.images, () => api.post('/api/v1/achievements', { ...minimalAchievement(issuerId), image: dataUri(slow) }));
    expect(res.statusCode, res.body).toBe(422);
    expect(problemType(res)).toBe('https://laurel.dev/problems/image-too-complex');
  });

  it('an uploaded SVG with expensive filters is refused with image-too-complex', async () => {
    const res = await api.request('POST', '/api/v1/images', Buffer.from(MORPHOLOGY), { 'content-type': 'image/svg+xml' });
    expect(res.statusCode, res.body).toBe(422);
    expect(problemType(res)).toBe('https://laurel.dev/problems/image-too-complex');
  });

  // An uploaded PDF that is not read is a 400 problem (the verifier's source-pdf-too-complex check, worded).
  it('a 1 MB PDF of overlapping object stream entries is refused cheaply: a problem document, not a stall', async () => {
    expect(WHITESPACE_PDF.length).toBeGreaterThan(1_000_000);
    const res = await verifyPdf(WHITESPACE_PDF);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation', detail: expect.stringMatching(/^the PDF was not read: .*object stream/) });
  });

  it('a small PDF that blows up the parser heap is stopped by the worker heap limit, while the server answers other requests', async () => {
    const before = process.memoryUsage().heapUsed;
    const res = await servesMeanwhile(ctx.deps.untrusted.pdf, () => verifyPdf(heapBombPdf()));
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation', detail: 'the PDF was not read: reading it needed more than 64 MiB of memory' });
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(100 * 1024 * 1024);
  });
});
