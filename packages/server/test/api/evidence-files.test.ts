import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../src/domain/organisations/create-organisation.js';
import { independentVerifier, ob3SchemaErrors } from '../support/ob3-independent.js';
import { BASE_URL, ENGINES, PASSWORD, apiClient, createTestApp, minimalAchievement, minimalIssuer, registerAccount, setupOrganisation, type ApiClient, type TestContext } from '../support/test-app.js';

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n', 'latin1'), Buffer.alloc(300, 0x20), Buffer.from('\n%%EOF\n')]);
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5e1c8e40000000049454e44ae426082', 'hex');
const sri = (bytes: Buffer) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

/** A multipart/form-data body with one `file` part, as a browser sends it. */
function multipart(filename: string, type: string, bytes: Buffer): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----laurel-test-boundary';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`, 'utf8');
  return { payload: Buffer.concat([head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/**
 * Evidence with files and links on an award (issue 15): files uploaded, type-checked by their first bytes, sealed
 * at rest, served at a stable URL named in the credential's evidence[].id with their SHA-384 digest; links with
 * name, description, genre, audience and narrative. Attackers: oversized files, a type disguised by its name, path
 * tricks in names, another organisation's files and URLs.
 */
describe.each(ENGINES)('evidence files and links on awards (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let other: ApiClient;
  let achievementId: string;
  let apiKey: string;

  const upload = (client: ApiClient | string, filename: string, type: string, bytes: Buffer) => {
    const key = typeof client === 'string' ? client : apiKey;
    const { payload, headers } = multipart(filename, type, bytes);
    return ctx.app.inject({ method: 'POST', url: '/api/v1/evidence-files', payload, headers: { ...headers, authorization: `Bearer ${key}` } });
  };
  const award = (client: ApiClient, body: Record<string, unknown>) => client.post('/api/v1/credentials', { achievementId, recipient: { email: 'ada@example.org' }, visibility: 'public', ...body });

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    apiKey = (await setupOrganisation(ctx.app)).apiKey;
    api = apiClient(ctx.app, apiKey);
    other = apiClient(ctx.app, (await createOrganisation(ctx.deps, { name: 'Other College', owner: { email: 'owner@other.example', password: PASSWORD } })).apiKeySecret);
    const issuerId = (await api.post('/api/v1/issuers', minimalIssuer)).json().id;
    achievementId = (await api.post('/api/v1/achievements', { ...minimalAchievement(issuerId), kind: 'certificate' })).json().id;
  }, 60_000);
  afterAll(async () => ctx?.close());

  it('an award names an uploaded file (its stable URL and digest) and a link; both 1EdTech schemas pass, Digital Bazaar verifies, and the file is served as it was sent', async () => {
    const up = await upload(api, '../../etc/Project report.pdf', 'application/pdf', PDF);
    expect(up.statusCode, up.body).toBe(201);
    const file = up.json();
    expect(file).toMatchObject({ name: 'Project report.pdf', mediaType: 'application/pdf', bytes: PDF.byteLength, digestSRI: sri(PDF), credentialId: null, url: `${BASE_URL}/evidence/${file.id}` });
    // Not served before an award names it.
    expect((await ctx.app.inject({ method: 'GET', url: `/evidence/${file.id}` })).statusCode).toBe(404);

    const res = await award(api, {
      evidence: [
        { fileId: file.id, description: 'The final report', genre: 'Report', audience: 'Employers' },
        { url: 'https://portfolio.example/ada', name: 'Portfolio', description: 'Work samples', genre: 'Portfolio', audience: 'Admissions', narrative: 'Twelve projects over a year' },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id;
    const doc = (await api.get(`/api/v1/credentials/${id}/export?format=ob3`)).json();
    expect(ob3SchemaErrors(doc)).toEqual([]);
    const verified = await independentVerifier(ctx)(doc);
    expect(verified.verified, JSON.stringify(verified.error)).toBe(true);
    expect(doc.evidence).toEqual([
      { id: `${BASE_URL}/evidence/${file.id}`, type: ['Evidence'], name: 'Project report.pdf', description: 'The final report', genre: 'Report', audience: 'Employers', digestSRI: sri(PDF) },
      { id: 'https://portfolio.example/ada', type: ['Evidence'], name: 'Portfolio', description: 'Work samples', genre: 'Portfolio', audience: 'Admissions', narrative: 'Twelve projects over a year' },
    ]);
    // A changed digest no longer verifies: the digest is signed.
    const tampered = structuredClone(doc);
    tampered.evidence[0].digestSRI = sri(PNG);
    expect((await independentVerifier(ctx)(tampered)).verified).toBe(false);

    // Anyone may fetch a public credential's file at its id; the bytes are the ones the digest names.
    const served = await ctx.app.inject({ method: 'GET', url: new URL(doc.evidence[0].id).pathname });
    expect(served.statusCode).toBe(200);
    expect(served.rawPayload.equals(PDF)).toBe(true);
    expect(sri(served.rawPayload)).toBe(doc.evidence[0].digestSRI);
    expect(served.headers).toMatchObject({ 'content-type': 'application/pdf', 'x-content-type-options': 'nosniff' });
    expect(served.headers['content-disposition']).toMatch(/^attachment; filename="Project report\.pdf"/);
    expect(served.headers['content-security-policy']).toContain('sandbox');
    expect((await api.get(`/api/v1/evidence-files/${file.id}`)).json().credentialId).toBe(id);

    // The public page links it.
    const page = await ctx.app.inject({ method: 'GET', url: `/credentials/${id}`, headers: { accept: 'text/html' } });
    expect(page.body).toContain(`${BASE_URL}/evidence/${file.id}`);

    // A file belongs to one award.
    const again = await award(api, { evidence: [{ fileId: file.id }] });
    expect(again.statusCode).toBe(400);
    expect(JSON.stringify(again.json())).toContain('/evidence/0/fileId');
  });

  it('sealed at rest: the stored name and bytes are ciphertext', async () => {
    const up = await upload(api, 'sealed-name.pdf', 'application/pdf', PDF);
    const row = await ctx.storage.db.selectFrom('evidence_files').select(['name', 'content']).where('id', '=', up.json().id).executeTakeFirstOrThrow();
    expect(row.name.startsWith('pd1.')).toBe(true);
    expect(row.content.startsWith('pd1.')).toBe(true);
    expect(row.name).not.toContain('sealed-name');
    expect(row.content).not.toContain(PDF.toString('base64').slice(0, 12));
  });

  it('refuses an oversized file, a type disguised by its name or its declared type, and an empty or unknown file', async () => {
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(5 * 1024 * 1024)]);
    expect((await upload(api, 'big.pdf', 'application/pdf', big)).statusCode).toBe(413);
    expect((await api.post('/api/v1/evidence-files?name=big.pdf', big, { 'content-type': 'application/pdf' })).statusCode).toBe(413);
    const refused = async (res: Awaited<ReturnType<typeof upload>>) => {
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().type).toBe('https://laurel.dev/problems/validation');
    };
    // A web page (script) named as a PDF, declared as a PDF: its bytes say what it is.
    await refused(await upload(api, 'invoice.pdf', 'application/pdf', Buffer.from('<!doctype html><script>alert(document.cookie)</script>')));
    // A real PNG named .pdf, a real PDF named .html or declared as an image.
    await refused(await upload(api, 'scan.pdf', 'application/pdf', PNG));
    await refused(await upload(api, 'report.html', 'text/html', PDF));
    await refused(await upload(api, 'report', 'image/png', PDF));
    await refused(await api.post('/api/v1/evidence-files?name=x.pdf', Buffer.alloc(0), { 'content-type': 'application/pdf' }));
    await refused(await api.post('/api/v1/evidence-files?name=x.png', Buffer.from('GIF89a......'), { 'content-type': 'image/png' }));
    // A raw PNG with a raw content type is fine.
    const png = await api.post('/api/v1/evidence-files?name=photo.png', PNG, { 'content-type': 'image/png' });
    expect(png.statusCode, png.body).toBe(201);
    expect(png.json()).toMatchObject({ name: 'photo.png', mediaType: 'image/png' });
  });

  it('path tricks and header injection in names are cleaned: the last segment only, no control characters', async () => {
    for (const [raw, cleaned] of [
      ['..\\..\\windows\\system32\\evil.pdf', 'evil.pdf'],
      ['/etc/passwd/../../.hidden.pdf', 'hidden.pdf'],
      ['report\r\nSet-Cookie: pwned=1.pdf', 'reportSet-Cookie: pwned=1.pdf'],
      ['résumé\u202egpj.pdf', 'résumégpj.pdf'],
    ]) {
      const res = await api.post(`/api/v1/evidence-files?name=${encodeURIComponent(raw!)}`, PDF, { 'content-type': 'application/pdf' });
      expect(res.statusCode, raw).toBe(201);
      expect(res.json().name, raw).toBe(cleaned);
      const content = await api.get(`/api/v1/evidence-files/${res.json().id}/content`);
      expect(content.statusCode).toBe(200);
      expect(content.headers['content-disposition']).not.toMatch(/[\r\n]/);
      expect(content.headers['set-cookie']).toBeUndefined();
    }
  });

  it("another organisation can neither read our files nor name them in its awards, by id or by URL; a private credential's file is its earner's only", async () => {
    const ours = (await upload(api, 'ours.pdf', 'application/pdf', PDF)).json();
    const otherIssuer = (await other.post('/api/v1/issuers', minimalIssuer)).json().id;
    const theirAchievement = (await other.post('/api/v1/achievements', minimalAchievement(otherIssuer))).json().id;
    const theirs = (body: Record<string, unknown>) => other.post('/api/v1/credentials', { achievementId: theirAchievement, recipient: { email: 'eve@example.org' }, ...body });
    for (const evidence of [
      { fileId: ours.id },
      { url: `${BASE_URL}/evidence/${ours.id}` },
      { url: `${BASE_URL.replace('badges', 'BADGES')}/evidence/${ours.id}` },
      { url: `${BASE_URL}/evidence/x/../${ours.id}` },
    ]) {
      const res = await theirs({ evidence: [evidence] });
      expect(res.statusCode, JSON.stringify(evidence)).toBe(400);
      expect(res.json().type).toBe('https://laurel.dev/problems/validation');
    }
    expect((await other.get(`/api/v1/evidence-files/${ours.id}`)).statusCode).toBe(404);
    expect((await other.get(`/api/v1/evidence-files/${ours.id}/content`)).statusCode).toBe(404);

    // A private award's file: not for strangers (the same 404 as nothing), yes for its earner's session.
    const res = await award(api, { recipient: { email: 'bea@example.org' }, visibility: 'private', evidence: [{ fileId: ours.id }] });
    expect(res.statusCode, res.body).toBe(201);
    expect((await ctx.app.inject({ method: 'GET', url: `/evidence/${ours.id}` })).statusCode).toBe(404);
    await registerAccount(ctx, 'bea@example.org');
    const session = await ctx.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'bea@example.org', password: PASSWORD } });
    const cookie = String(session.headers['set-cookie']).split(';')[0]!;
    const mine = await ctx.app.inject({ method: 'GET', url: `/evidence/${ours.id}`, headers: { cookie } });
    expect(mine.statusCode).toBe(200);
    expect(mine.headers['cache-control']).toContain('no-store');
    // Unknown ids are the same 404.
    expect((await ctx.app.inject({ method: 'GET', url: '/evidence/nope' })).statusCode).toBe(404);
  });

  it('erasing the recipient deletes the files of their awards: the URL answers 404', async () => {
    const file = (await upload(api, 'cv.pdf', 'application/pdf', PDF)).json();
    const res = await award(api, { recipient: { email: 'cy@example.org' }, evidence: [{ fileId: file.id }] });
    expect(res.statusCode, res.body).toBe(201);
    expect((await ctx.app.inject({ method: 'GET', url: `/evidence/${file.id}` })).statusCode).toBe(200);
    const key = (await api.get('/api/v1/recipients?q=cy@example.org')).json().items[0].key;
    expect((await api.post(`/api/v1/recipients/${key}/erase`)).statusCode).toBeLessThan(300);
    expect((await ctx.app.inject({ method: 'GET', url: `/evidence/${file.id}` })).statusCode).toBe(404);
    expect(await ctx.storage.db.selectFrom('evidence_files').select('id').where('id', '=', file.id).executeTakeFirst()).toBeUndefined();
  });

  it('the daily privacy job deletes files no award named within a day, and only those', async () => {
    const { applyRetention } = await import('../../src/domain/privacy/apply-retention.js');
    const abandoned = (await upload(api, 'abandoned.pdf', 'application/pdf', PDF)).json();
    const used = (await upload(api, 'used.pdf', 'application/pdf', PDF)).json();
    expect((await award(api, { evidence: [{ fileId: used.id }] })).statusCode).toBe(201);
    await ctx.storage.db.updateTable('evidence_files').set({ created_at: '2000-01-01T00:00:00.000Z' }).where('id', 'in', [abandoned.id, used.id]).execute();
    expect((await applyRetention(ctx.deps)).deletedEvidenceFiles).toBeGreaterThanOrEqual(1);
    expect((await api.get(`/api/v1/evidence-files/${abandoned.id}`)).statusCode).toBe(404);
    expect((await api.get(`/api/v1/evidence-files/${used.id}`)).statusCode).toBe(200);
  });
});
