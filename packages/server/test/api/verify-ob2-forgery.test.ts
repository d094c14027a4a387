import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/adapters/http/app.js';
import { createVerifierDeps } from '../../src/adapters/verification/remote-documents.js';
import { bakedPng } from '../support/foreign-badges.js';
import { FORGERY_RECIPIENT, makeOb2Forgeries, type Ob2Forgeries } from '../support/ob2-forgeries.js';
import { createTestApp, ENGINES, type TestContext } from '../support/test-app.js';

/** A multipart body with one PNG file part. */
function pngUpload(data: Uint8Array): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----laurel${randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="badge.png"\r\nContent-Type: image/png\r\n\r\n`),
    Buffer.from(data),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

type Report = { valid: boolean; format: string; checks: { name: string; ok: boolean; code: string }[] };
const failedCodes = (res: LightMyRequestResponse) => res.json<Report>().checks.filter((c) => !c.ok).map((c) => `${c.name}:${c.code}`);

describe.each(ENGINES)('POST /api/v1/verify: OB 2.0 badges assembled by an attacker (%s)', (engine) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let f: Ob2Forgeries;

  beforeAll(async () => {
    f = await makeOb2Forgeries();
    ctx = await createTestApp(engine);
    const verifier = createVerifierDeps({ allowHosts: f.allowHosts, timeoutMs: 2000 }, ctx.deps.clock);
    app = await buildApp({ ...ctx.deps, verify: { verifier, rateLimit: { max: 1000, timeWindowMs: 60_000 }, maxUploadBytes: 512 * 1024 } }, { logger: false });
  });
  afterAll(async () => {
    await app.close();
    await ctx.close();
    await f.victim.close();
    await f.attacker.close();
  });

  const byUrl = (url: string) => app.inject({ method: 'POST', url: '/api/v1/verify', payload: { url, recipient: FORGERY_RECIPIENT } });
  const byPng = (text: string) => app.inject({ method: 'POST', url: '/api/v1/verify', ...pngUpload(bakedPng('openbadges', text)) });

  it('the victim’s own hosted and signed badges are valid by URL and baked', async () => {
    for (const res of [await byUrl(f.genuine.hostedUrl), await byPng(f.genuine.hostedUrl), await byPng(f.genuine.jws)]) {
      expect(res.statusCode, res.body).toBe(200);
      expect(failedCodes(res)).toEqual([]);
      expect(res.json<Report>().valid).toBe(true);
    }
  });

  it('hosted: an embedded issuer copy allowing the attacker’s origin, by URL and baked', async () => {
    for (const res of [await byUrl(f.hosted.embeddedIssuer.url), await byPng(f.hosted.embeddedIssuer.url), await byPng(JSON.stringify(f.hosted.embeddedIssuer.doc))]) {
      expect(res.statusCode).toBe(200);
      expect(res.json<Report>()).toMatchObject({ valid: false, format: 'ob2-hosted' });
      expect(failedCodes(res)).toContain('hosted:hosted-prefix-not-allowed');
    }
  });

  it('hosted: an embedded copy of the victim’s badge class, by URL and baked', async () => {
    for (const res of [await byUrl(f.hosted.embeddedBadge.url), await byPng(JSON.stringify(f.hosted.embeddedBadge.doc))]) {
      expect(res.json<Report>().valid).toBe(false);
      expect(failedCodes(res)).toContain('hosted:hosted-prefix-not-allowed');
    }
  });

  it('hosted: a URL on the victim’s host that redirects to the attacker’s copy, by URL and baked', async () => {
    for (const res of [await byUrl(f.hosted.redirectedId.url), await byPng(f.hosted.redirectedId.url), await byPng(JSON.stringify(f.hosted.redirectedId.doc))]) {
      expect(res.json<Report>().valid).toBe(false);
      expect(failedCodes(res)).toContain('hosted:hosted-unavailable');
    }
  });

  it('signed: an embedded issuer copy listing the attacker’s key, by URL and baked', async () => {
    for (const res of [await byUrl(f.signed.embeddedIssuerUrl), await byPng(f.signed.embeddedIssuer), await byPng(f.signed.embeddedKey)]) {
      expect(res.json<Report>()).toMatchObject({ valid: false, format: 'ob2-jws' });
      expect(failedCodes(res)).toEqual(['issuer-key:key-not-listed-by-issuer']);
    }
  });

  it('signed: a revocation hidden behind an embedded issuer copy, and issuers behind redirects or claiming another id, baked', async () => {
    expect(failedCodes(await byPng(f.signed.hiddenRevocation))).toEqual(['status:status-revoked-with-reason']);
    expect(failedCodes(await byPng(f.signed.redirectedIssuer))).toContain('issuer-key:badge-class-unavailable');
    expect(failedCodes(await byPng(f.signed.issuerIdMismatch))).toContain('issuer-key:issuer-id-mismatch');
  });
});
