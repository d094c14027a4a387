import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appVerifyingFrom, startBadgeHost, type BadgeHost } from '../support/foreign-badges.js';
import { createTestApp, ENGINES, minimalCredential, type ApiClient, type TestContext, organisationWithAchievement } from '../support/test-app.js';

/** A multipart body with one `file` part. */
function multipart(filename: string, type: string, data: Uint8Array): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----laurel${randomBytes(8).toString('hex')}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), Buffer.from(data), Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** A one-page PDF made with pdf-lib, embedding `files` the way Laurel's certificates do. */
async function pdfWith(files: { name: string; text: string; mimeType?: string }[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage();
  for (const f of files) await doc.attach(new TextEncoder().encode(f.text), f.name, { mimeType: f.mimeType ?? 'application/ld+json' });
  return doc.save();
}

const sourceCode = (res: LightMyRequestResponse) => res.json<{ checks: { name: string; code: string }[] }>().checks.find((c) => c.name === 'source')?.code;

describe.each(ENGINES)('POST /api/v1/verify: PDF certificates (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let app: FastifyInstance;
  let host: BadgeHost;
  let credentialId: string;
  let certificate: Uint8Array;
  let storedOb3: string;

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    host = await startBadgeHost();
    // The same app, with a verifier allowed to fetch from the throwaway host (PDFs served by URL).
    app = await appVerifyingFrom(ctx, host);
    const made = await organisationWithAchievement(ctx.app);
    api = made.api;
    const { achievementId } = made;
    credentialId = (await api.post('/api/v1/credentials', minimalCredential(achievementId, 'ada@example.org'))).json().id;
    const res = await ctx.app.inject({ method: 'GET', url: `/credentials/${credentialId}/certificate.pdf` });
    expect(res.statusCode).toBe(200);
    certificate = new Uint8Array(res.rawPayload);
    storedOb3 = (await ctx.deps.store.credentialDocuments.find(credentialId, 'ob3'))!.body;
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
    await host?.close();
  });

  const upload = (data: Uint8Array, filename = 'certificate.pdf') => {
    const { payload, headers } = multipart(filename, 'application/pdf', data);
    return app.inject({ method: 'POST', url: '/api/v1/verify?recipient=ada@example.org', headers, payload });
  };
  const raw = (data: Uint8Array) => app.inject({ method: 'POST', url: '/api/v1/verify', headers: { 'content-type': 'application/pdf' }, payload: Buffer.from(data) });
  const served = (path: string, data: Uint8Array, type = 'application/pdf') => {
    host.routes.set(path, (_req, res) => {
      res.writeHead(200, { 'content-type': type });
      res.end(Buffer.from(data));
    });
    return app.inject({ method: 'POST', url: '/api/v1/verify', payload: { url: `${host.origin}${path}` } });
  };

  it('a downloaded certificate is valid, uploaded (multipart or raw) or by URL, and says it came from a PDF', async () => {
    const multi = await upload(certificate);
    expect(multi.statusCode, multi.body).toBe(200);
    expect(multi.json(), multi.body).toMatchObject({ valid: true, format: 'ob3-ldp', input: { kind: 'pdf', attachment: 'credential.json' }, recipient: { matches: true } });
    expect(multi.json().credential.id).toBe(JSON.parse(storedOb3).id);
    const body = await raw(certificate);
    expect(body.json(), body.body).toMatchObject({ valid: true, format: 'ob3-ldp', input: { kind: 'pdf', attachment: 'credential.json' } });
    const byUrl = await served('/cert.pdf', certificate);
    expect(byUrl.json(), byUrl.body).toMatchObject({ valid: true, format: 'ob3-ldp', input: { kind: 'url', attachment: 'credential.json' } });
  });

  it('a PDF embedding a tampered credential.json is 200 with valid false and a failed proof', async () => {
    const tampered = JSON.parse(storedOb3) as { credentialSubject: { achievement: { name: string } } };
    tampered.credentialSubject.achievement.name = 'Forged';
    const res = await upload(await pdfWith([{ name: 'credential.json', text: JSON.stringify(tampered) }]));
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json<{ valid: boolean; input: unknown; checks: { name: string; ok: boolean; code: string }[] }>();
    expect(report.valid).toBe(false);
    expect(report.input).toEqual({ kind: 'pdf', attachment: 'credential.json' });
    expect(report.checks.find((c) => c.name === 'proof')).toMatchObject({ ok: false, code: 'proof-invalid-signature' });
  });

  it('picks the credential among other attachments: a JSON file by media type, or a VC-JWT', async () => {
    const vcJwt = (await api.get(`/api/v1/credentials/${credentialId}/export?format=vc-jwt`)).body;
    const notes = { name: 'notes.txt', text: 'hello', mimeType: 'text/markdown' };
    const json = await upload(await pdfWith([notes, { name: 'badge.jsonld', text: storedOb3 }]));
    expect(json.json(), json.body).toMatchObject({ valid: true, input: { kind: 'pdf', attachment: 'badge.jsonld' } });
    const jwt = await upload(await pdfWith([notes, { name: 'badge.jwt', text: vcJwt, mimeType: 'application/vc+jwt' }]));
    expect(jwt.json(), jwt.body).toMatchObject({ valid: true, format: 'vc-jwt', input: { kind: 'pdf', attachment: 'badge.jwt' } });
  });

  it('a PDF without a credential, or truncated, is 400 when uploaded and a failed source check by URL', async () => {
    const plain = await pdfWith([]);
    const truncated = certificate.subarray(0, Math.floor(certificate.length / 2));
    const noCredential = await upload(plain);
    expect(noCredential.statusCode).toBe(400);
    expect(noCredential.json()).toMatchObject({ code: 'validation', detail: expect.stringMatching(/embeds no Open Badges credential/) });
    const broken = await raw(truncated);
    expect(broken.statusCode, broken.body).toBe(400);
    expect(broken.json().detail).toMatch(/^the PDF could not be read/);
    const remoteNone = await served('/plain.pdf', plain);
    expect(remoteNone.json()).toMatchObject({ valid: false, format: 'unknown', input: { kind: 'url' } });
    expect(sourceCode(remoteNone)).toBe('source-pdf-no-credential');
    expect(sourceCode(await served('/truncated.pdf', truncated))).toBe('source-pdf-unreadable');
    // Said to be a PDF, but is not one.
    expect(sourceCode(await served('/fake.pdf', new TextEncoder().encode('<html>nope</html>')))).toBe('source-pdf-unreadable');
  });

  it('once the credential is revoked, its certificate verifies as revoked', async () => {
    await api.post(`/api/v1/credentials/${credentialId}/revoke`, { reason: 'Issued in error' });
    const res = await upload(certificate);
    expect(res.statusCode).toBe(200);
    const report = res.json<{ valid: boolean; checks: { name: string; ok: boolean; code: string }[] }>();
    expect(report.valid).toBe(false);
    expect(report.checks.find((c) => c.name === 'status')).toMatchObject({ ok: false, code: expect.stringMatching(/^status-revoked/) });
  });
});
