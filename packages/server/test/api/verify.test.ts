import { randomBytes } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/adapters/http/app.js';
import type { VerifyHttpDeps } from '../../src/adapters/verification/verify-limits.js';
import { createVerifierDeps } from '../../src/adapters/verification/remote-documents.js';
import { bakedPng, makeForeignBadges, plainPng, RECIPIENT, startBadgeHost, tamperJws, type BadgeHost, type ForeignBadges } from '../support/foreign-badges.js';
import { createTestApp, type TestContext } from '../support/test-app.js';

type Part = { name: string; value: string } | { name: string; filename: string; type: string; data: Uint8Array };

function multipart(parts: Part[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----laurel${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = 'filename' in part ? `form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: ${part.type}` : `form-data; name="${part.name}"`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n\r\n`), Buffer.from('filename' in part ? part.data : Buffer.from(part.value)), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A PNG with one extra chunk before IEND. */
function withChunk(png: Uint8Array, type: string, data: Uint8Array): Uint8Array {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'latin1'), data])) >>> 0, 0);
  const iendAt = png.length - 12;
  return new Uint8Array(Buffer.concat([png.subarray(0, iendAt), head, data, crc, png.subarray(iendAt)]));
}

let ctx: TestContext;
let app: FastifyInstance;
let badges: ForeignBadges;
let stranger: BadgeHost;

function verifyDeps(overrides: Partial<VerifyHttpDeps> = {}): VerifyHttpDeps {
  return {
    verifier: createVerifierDeps({ allowHosts: [`127.0.0.1:${badges.host.port}`], timeoutMs: 400 }, ctx.deps.clock),
    rateLimit: { max: 1000, timeWindowMs: 60_000 },
    maxUploadBytes: 512 * 1024,
    ...overrides,
  };
}

beforeAll(async () => {
  badges = await makeForeignBadges();
  stranger = await startBadgeHost();
  ctx = await createTestApp('sqlite');
  app = await buildApp({ ...ctx.deps, verify: verifyDeps() }, { logger: false });
});
afterAll(async () => {
  await app.close();
  await ctx.close();
  await badges.host.close();
  await stranger.close();
});

const post = (payload: unknown, headers: Record<string, string> = {}, url = '/api/v1/verify') =>
  app.inject({ method: 'POST', url, headers, payload: payload as string });
const upload = (parts: Part[]) => {
  const { payload, headers } = multipart(parts);
  return app.inject({ method: 'POST', url: '/api/v1/verify', headers, payload });
};
const failedChecks = (res: LightMyRequestResponse) => res.json<{ checks: { name: string; ok: boolean }[] }>().checks.filter((c) => !c.ok).map((c) => c.name);
const codeOf = (res: LightMyRequestResponse, name: string) => res.json<{ checks: { name: string; code: string }[] }>().checks.find((c) => c.name === name)?.code;
const reasonOf = (res: LightMyRequestResponse, name: string) => res.json<{ checks: { name: string; reason: string }[] }>().checks.find((c) => c.name === name)?.reason ?? '';

describe('POST /api/v1/verify: badges from other issuers', () => {
  it('needs no authentication and answers the report for each format, body kind and baked PNG upload', async () => {
    const ob3 = await post(badges.ob3, { 'content-type': 'application/json' });
    expect(ob3.statusCode, ob3.body).toBe(200);
    expect(ob3.json()).toMatchObject({ valid: true, format: 'ob3-ldp', input: { kind: 'json' } });
    expect(Object.keys(ob3.json()).sort()).toEqual(['checks', 'credential', 'format', 'input', 'issuer', 'valid']);

    const jws = await post(badges.jws, { 'content-type': 'text/plain' }, `/api/v1/verify?recipient=${encodeURIComponent(RECIPIENT)}`);
    expect(jws.json()).toMatchObject({ valid: true, format: 'ob2-jws', input: { kind: 'jws' }, recipient: { checked: true, matches: true, code: 'recipient-matches-hashed' } });
    expect(jws.json<{ checks: { code: string }[] }>().checks.map((c) => c.code)).toEqual(['format-ob2-jws', 'schema-valid', 'valid-no-expiry', 'proof-valid', 'key-controlled-by-issuer', 'status-no-list']);

    const hosted = await post({ url: badges.hostedUrl, recipient: 'eve@example.org' });
    expect(hosted.json()).toMatchObject({
      valid: true,
      format: 'ob2-hosted',
      input: { kind: 'url', url: badges.hostedUrl },
      recipient: { checked: true, matches: false, code: 'recipient-not-matching', params: { recipient: 'eve@example.org' } },
    });

    const enveloped = await post({ credential: badges.jws });
    expect(enveloped.json()).toMatchObject({ valid: true, format: 'ob2-jws' });

    for (const [keyword, text, format] of [
      ['openbadgecredential', JSON.stringify(badges.ob3), 'ob3-ldp'],
      ['openbadges', badges.hostedUrl, 'ob2-hosted'],
      ['openbadges', badges.jws, 'ob2-jws'],
      ['openbadgecredential', badges.vcJwt, 'vc-jwt-v1'], // the credential in the vc claim: a VC 1.1-shaped JWT
    ] as const) {
      const res = await upload([{ name: 'file', filename: 'badge.png', type: 'image/png', data: bakedPng(keyword, text) }, { name: 'recipient', value: RECIPIENT }]);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ valid: true, format, input: { kind: 'image', image: 'png' }, recipient: { matches: true } });
    }

    const raw = await post(Buffer.from(bakedPng('openbadges', badges.jws)), { 'content-type': 'image/png' });
    expect(raw.json()).toMatchObject({ valid: true, format: 'ob2-jws', input: { kind: 'image' } });
  });

  it('tampered copies are 200 with valid false and the right failed check', async () => {
    const ob3 = structuredClone(badges.ob3) as { credentialSubject: { achievement: { name: string } } };
    ob3.credentialSubject.achievement.name = 'Forged';
    const a = await upload([{ name: 'file', filename: 'b.png', type: 'image/png', data: bakedPng('openbadgecredential', JSON.stringify(ob3)) }]);
    expect(a.statusCode).toBe(200);
    expect(a.json().valid).toBe(false);
    expect(failedChecks(a)[0]).toBe('proof');
    const proof = a.json<{ checks: { name: string }[] }>().checks.find((c) => c.name === 'proof');
    expect(Object.keys(proof!).sort()).toEqual(['code', 'name', 'ok', 'params', 'reason']);
    expect(proof).toMatchObject({ ok: false, code: 'proof-invalid-signature', params: { detail: expect.any(String) } });
    expect(codeOf(a, 'issuer-key')).toBe('key-not-checked');

    const b = await upload([{ name: 'file', filename: 'b.png', type: 'image/png', data: bakedPng('openbadges', tamperJws(badges.jws, (p) => (p.expires = '2099-01-01T00:00:00Z'))) }]);
    expect(b.json().valid).toBe(false);
    expect(failedChecks(b)).toContain('proof');
    expect(codeOf(b, 'proof')).toBe('proof-invalid-signature');

    const c = await post({ ...badges.hosted, recipient: { ...(badges.hosted.recipient as object), identity: 'sha256$00' } }, { 'content-type': 'application/json' });
    expect(c.json().valid).toBe(false);
    expect(failedChecks(c)[0]).toBe('hosted');
    expect(codeOf(c, 'hosted')).toBe('hosted-differs');
  });
});

describe('POST /api/v1/verify: hostile input', () => {
  it('links to private, metadata, file: and redirected-private addresses are refused with a reason, quickly', async () => {
    badges.host.routes.set('/to-private', (_req, res) => {
      res.writeHead(302, { location: `${stranger.origin}/secret` });
      res.end();
    });
    badges.host.routes.set('/to-metadata', (_req, res) => {
      res.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data/' });
      res.end();
    });
    stranger.routes.set('/secret', (_req, res) => res.end('{"secret":true}'));
    const started = Date.now();
    // Refused with a coarse class: never what a host resolved to, nor where a redirect went.
    const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    const refused = (url: string) => new RegExp(`^could not fetch ${escape(url)}: not allowed \\(private address\\)$`);
    const cases: Array<[string, RegExp]> = [
      [`${stranger.origin}/secret`, refused(`${stranger.origin}/secret`)],
      ['http://169.254.169.254/latest/meta-data/', refused('http://169.254.169.254/latest/meta-data/')],
      ['file:///etc/passwd', /only http\(s\) URLs are fetched/],
      [`${badges.host.origin}/to-private`, refused(`${badges.host.origin}/to-private`)],
      [`${badges.host.origin}/to-metadata`, refused(`${badges.host.origin}/to-metadata`)],
    ];
    for (const [url, reason] of cases) {
      const res = await post({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.json(), url).toMatchObject({ valid: false, format: 'unknown', input: { kind: 'url' } });
      expect(reasonOf(res, 'source'), url).toMatch(reason);
      if (url.includes('/to-')) expect(JSON.stringify(res.json()), url).not.toMatch(new RegExp(`${escape(stranger.origin)}|169\\.254`));
    }
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('a server that never answers gives a timeout reason, not a hang', async () => {
    badges.host.routes.set('/slow', () => undefined);
    const started = Date.now();
    const res = await post({ url: `${badges.host.origin}/slow` });
    expect(res.statusCode).toBe(200);
    expect(reasonOf(res, 'source')).toBe(`could not fetch ${badges.host.origin}/slow: timed out`);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a PNG decompression bomb and an SVG with an external entity or a script are refused with a reason (400), never 500', async () => {
    const bombText = deflateSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
    expect(bombText.length).toBeLessThan(200 * 1024);
    const itxt = Buffer.concat([Buffer.from('openbadges\0\x01\x00\0\0', 'latin1'), bombText]);
    const bomb = withChunk(plainPng(), 'iTXt', new Uint8Array(itxt));
    const started = Date.now();
    const res = await upload([{ name: 'file', filename: 'bomb.png', type: 'image/png', data: bomb }]);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation', detail: expect.stringMatching(/PNG image could not be read: .*(expand|inflat)/i) });
    expect(Date.now() - started).toBeLessThan(1500);

    const xxe = '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&xxe;</svg>';
    const svgRes = await upload([{ name: 'file', filename: 'x.svg', type: 'image/svg+xml', data: Buffer.from(xxe) }]);
    expect(svgRes.statusCode).toBe(400);
    expect(svgRes.json().detail).toMatch(/SVG image could not be read: .*(DOCTYPE|entit)/i);
    expect(svgRes.body).not.toContain('root:');

    const script = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
    const scriptRes = await post(script, { 'content-type': 'image/svg+xml' });
    expect(scriptRes.statusCode).toBe(400);
    expect(scriptRes.json().detail).toMatch(/SVG image could not be read/);
  });

  it('unreadable input is 400, too large 413, unknown content types 415', async () => {
    expect((await post('hello', { 'content-type': 'text/plain' })).json()).toMatchObject({ status: 400, code: 'validation' });
    expect((await post('{"a":', { 'content-type': 'application/json' })).statusCode).toBe(400);
    expect((await upload([{ name: 'file', filename: 'plain.png', type: 'image/png', data: plainPng() }])).json().detail).toMatch(/carries no Open Badges data/);
    expect((await upload([{ name: 'recipient', value: RECIPIENT }])).statusCode).toBe(400);
    expect((await post({ url: 'x', credential: {} })).statusCode).toBe(400);
    const big = new Uint8Array(600 * 1024);
    const tooBigUpload = await upload([{ name: 'file', filename: 'big.png', type: 'image/png', data: big }]);
    expect(tooBigUpload.statusCode).toBe(413);
    expect(tooBigUpload.json().code).toBe('payload-too-large');
    expect((await post(Buffer.from(big), { 'content-type': 'image/png' })).statusCode).toBe(413);
    expect((await post('<x/>', { 'content-type': 'application/xml' })).statusCode).toBe(415);
  });

  it('is rate-limited per client with a 429 problem', async () => {
    const limited = await buildApp({ ...ctx.deps, verify: verifyDeps({ rateLimit: { max: 2, timeWindowMs: 60_000 } }) }, { logger: false });
    try {
      const send = () => limited.inject({ method: 'POST', url: '/api/v1/verify', headers: { 'content-type': 'text/plain' }, payload: badges.jws });
      expect((await send()).statusCode).toBe(200);
      expect((await send()).statusCode).toBe(200);
      const third = await send();
      expect(third.statusCode).toBe(429);
      expect(third.json()).toMatchObject({ code: 'rate-limited', status: 429 });
      const other = await limited.inject({ method: 'POST', url: '/api/v1/verify', remoteAddress: '203.0.113.9', headers: { 'content-type': 'text/plain' }, payload: badges.jws });
      expect(other.statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('is in the OpenAPI document as a public route', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    expect(doc.paths['/api/v1/verify'].post.security).toEqual([]);
  });
});
