import { importRsaPrivateKey, signOb2Assertion, signVcJwt, verifyCredential, type JsonObject } from '@laurel/core';
import { compactVerify, decodeProtectedHeader, importJWK, importSPKI, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSignedForm } from '../../src/domain/credentials/signed-forms.js';
import { createOrganisation } from '../../src/domain/organisations/create-organisation.js';
import { publicDocuments } from '../support/public-documents.js';
import { BASE_URL, ENGINES, PASSWORD, apiClient, createTestApp, minimalAchievement, minimalIssuer, setupOrganisation, type ApiClient, type TestContext } from '../support/test-app.js';

const PROBLEM = 'https://laurel.dev/problems/';

/**
 * The VC-JWT and the OB 2.0 signed assertion are made from the stored credential the first time they
 * are asked for (domain/credentials/signed-forms.ts), then stored: what issue-time signing made before.
 */
describe.each(ENGINES)('signed forms made on first request (%s)', (engine) => {
  let ctx: TestContext;
  let a: ApiClient;
  let b: ApiClient;
  let aOrg: string;
  let aIssuer: string;
  let bIssuer: string;
  let aAchievement: string;
  let bAchievement: string;

  const fetchPublic = async (url: string, accept?: string) => ctx.app.inject({ method: 'GET', url: new URL(url).pathname, headers: accept ? { accept } : {} });
  const { resolveDidWeb, documentLoader } = publicDocuments(() => ctx.app);
  const laurelVerify = (input: unknown) => verifyCredential(input as JsonObject, { documentLoader, now: () => new Date(), fetchJson: async (url: string) => (await fetchPublic(url)).json() });
  const award = async (api: ApiClient, achievementId: string, extra: Record<string, unknown> = {}) => {
    const res = await api.post('/api/v1/credentials', { achievementId, recipient: { email: 'ada@example.org', name: 'Ada' }, ...extra });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const exportAs = (api: ApiClient, id: string, format: string) => api.get(`/api/v1/credentials/${id}/export?format=${format}`);
  const rows = (id: string) => ctx.storage.db.selectFrom('credential_documents').select(['format', 'body', 'key_id']).where('credential_id', '=', id).orderBy('format').execute();
  /** How many signatures of a suite the app makes while `run` runs. */
  const countSignatures = async (suite: string, run: () => Promise<unknown>, seen: JsonObject[] = []) => {
    const original = ctx.deps.proofs.sign;
    let n = 0;
    ctx.deps.proofs.sign = async (name, document, context) => {
      if (name === suite) {
        n++;
        seen.push(structuredClone(document));
      }
      return original(name, document, context);
    };
    try {
      await run();
    } finally {
      ctx.deps.proofs.sign = original;
    }
    return n;
  };
  /** The RSA private key of a row, imported for WebCrypto (what issue-time signing used before). */
  const webCryptoRsa = async (keyId: string) => {
    const key = (await ctx.deps.store.issuerKeys.findPublic(keyId))!;
    return importRsaPrivateKey(JSON.parse(ctx.deps.vault.open(key.sealedPrivateKey, keyId)));
  };

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    const setupA = await setupOrganisation(ctx.app, 'Acme', 'owner@acme.example');
    aOrg = setupA.organisationId;
    a = apiClient(ctx.app, setupA.apiKey);
    aIssuer = (await a.post('/api/v1/issuers', minimalIssuer)).json().id;
    aAchievement = (await a.post('/api/v1/achievements', minimalAchievement(aIssuer))).json().id;
    // A second organisation on the same server (setup runs once: created as the tenant-isolation tests do).
    const other = await createOrganisation(ctx.deps, { name: 'Globex', owner: { email: 'owner@globex.example', password: PASSWORD } });
    b = apiClient(ctx.app, other.apiKeySecret);
    bIssuer = (await b.post('/api/v1/issuers', { ...minimalIssuer, name: 'Globex Badges' })).json().id;
    bAchievement = (await b.post('/api/v1/achievements', minimalAchievement(bIssuer))).json().id;
  });
  afterAll(async () => ctx?.close());

  it('issue signs the OB 3.0 form only; the VC-JWT and OB 2.0 JWS made later are byte for byte what issue-time signing made, and verify', async () => {
    const captured: JsonObject[] = [];
    let id = '';
    const atIssue = await countSignatures('eddsa-rdfc-2022', async () => {
      id = await award(a, aAchievement, { narrative: 'Passed', evidence: [{ url: 'https://evidence.example/1', name: 'Transcript', narrative: 'Scored 92%' }], expires: '2036-01-01T00:00:00Z' });
    }, captured);
    expect(atIssue).toBe(1);
    expect((await rows(id)).map((r) => r.format)).toEqual(['ob3']);
    const unsigned = captured[0]!;

    const jwt = (await exportAs(a, id, 'vc-jwt')).body;
    const jws = (await exportAs(a, id, 'ob2-jws')).body;
    expect((await rows(id)).map((r) => r.format)).toEqual(['ob2-jws', 'ob3', 'vc-jwt']);

    // What issue-time signing made: the same unsigned credential as a VC-JWT, the OB 2.0 assertion as a JWS, by WebCrypto.
    const header = decodeProtectedHeader(jwt);
    const rsaKeyId = header.kid!.split('#')[1]!;
    const rsaKey = await webCryptoRsa(rsaKeyId);
    expect(jwt).toBe(await signVcJwt(unsigned, { privateKey: rsaKey, kid: header.kid!, documentLoader }));
    const hosted = (await fetchPublic(`${BASE_URL}/ob2/assertions/${id}`)).json() as JsonObject;
    const creator = `${BASE_URL}/ob2/keys/${rsaKeyId}`;
    expect(jws).toBe(await signOb2Assertion(hosted, { privateKey: rsaKey, creator, documentLoader }));

    // Verified by jose against the published keys, and by Laurel's verifier (OB 3.0 VC-JWT and OB 2.0 signed).
    const method = ((await resolveDidWeb(header.kid!.split('#')[0]!))!.verificationMethod as JsonObject[]).find((m) => m.id === header.kid)!;
    const { payload } = await jwtVerify(jwt, await importJWK(method.publicKeyJwk as never, 'RS256'), { algorithms: ['RS256'] });
    expect(payload).toMatchObject({ ...unsigned, iss: (unsigned.issuer as JsonObject).id, jti: unsigned.id });
    const pem = (await fetchPublic(creator)).json().publicKeyPem as string;
    const ob2 = JSON.parse(new TextDecoder().decode((await compactVerify(jws, await importSPKI(pem, 'RS256'))).payload));
    expect(ob2).toEqual({ ...hosted, verification: { type: 'signed', creator } });
    for (const form of [jwt, jws]) {
      const report = await laurelVerify(form);
      expect(report.valid, JSON.stringify(report.checks)).toBe(true);
    }
  });

  it('makes each form once: a stranger enumerating URLs gets the stored form, with no new signature', async () => {
    const id = await award(a, aAchievement);
    const url = `${BASE_URL}/ob3/credentials/${id}`;
    let bodies: string[] = [];
    const first = await countSignatures('vc-jwt', async () => {
      bodies = (await Promise.all(Array.from({ length: 6 }, () => fetchPublic(url, 'application/vc+jwt')))).map((r) => {
        expect(r.statusCode, r.body).toBe(200);
        return r.body;
      });
    });
    // Concurrent first requests all succeed and all get the one stored row.
    expect(new Set(bodies).size).toBe(1);
    // In one process they share one signature (another instance may make its own: the store keeps the first).
    expect(first).toBe(1);
    expect((await rows(id)).filter((r) => r.format === 'vc-jwt').map((r) => r.body)).toEqual([bodies[0]]);
    const again = await countSignatures('vc-jwt', async () => {
      for (let i = 0; i < 5; i++) expect((await fetchPublic(url, 'application/vc+jwt')).body).toBe(bodies[0]);
      expect((await exportAs(a, id, 'vc-jwt')).body).toBe(bodies[0]);
    });
    expect(again).toBe(0);
    // The store keeps the first row: a second write of the same form is refused quietly.
    const stored = (await ctx.deps.store.credentialDocuments.find(id, 'vc-jwt'))!;
    expect(await ctx.deps.store.credentialDocuments.insertIfAbsent({ ...stored, body: 'forged' })).toBe(false);
    expect((await ctx.deps.store.credentialDocuments.find(id, 'vc-jwt'))!.body).toBe(bodies[0]);
  });

  it('when another instance stores the form first, this one answers with the stored row', async () => {
    const id = await award(a, aAchievement);
    const credential = (await ctx.deps.store.credentials.findById(aOrg, id))!;
    const documents = ctx.deps.store.credentialDocuments;
    const theirs = { credentialId: id, format: 'ob2-jws' as const, body: 'made-by-another-instance', keyId: null, createdAt: new Date().toISOString() };
    // The other instance's write lands between this one's signature and its own write.
    const racing = { ...documents, insertIfAbsent: async (doc: typeof theirs) => (await documents.insertIfAbsent(theirs), documents.insertIfAbsent(doc)) };
    const form = await readSignedForm({ ...ctx.deps, store: { ...ctx.deps.store, credentialDocuments: racing } }, credential, 'ob2-jws');
    expect(form.body).toBe('made-by-another-instance');
    expect((await rows(id)).filter((r) => r.format === 'ob2-jws').map((r) => r.body)).toEqual(['made-by-another-instance']);
  });

  it('a revoked credential still gets its forms (verifiers read its status)', async () => {
    const id = await award(a, aAchievement);
    expect((await a.post(`/api/v1/credentials/${id}/revoke`, { reason: 'in error' })).statusCode).toBe(200);
    const jwt = await exportAs(a, id, 'vc-jwt');
    expect(jwt.statusCode, jwt.body).toBe(200);
    const report = await laurelVerify(jwt.body);
    expect(report.valid).toBe(false);
    expect(report.checks.find((c) => c.name === 'status')?.ok).toBe(false);
  });

  it('never makes a private credential’s form for a stranger', async () => {
    const id = await award(a, aAchievement, { visibility: 'private' });
    const signatures = await countSignatures('vc-jwt', async () => {
      const res = await fetchPublic(`${BASE_URL}/ob3/credentials/${id}`, 'application/vc+jwt');
      expect(res.statusCode).toBe(404);
      expect(res.json().type).toBe(`${PROBLEM}not-found`);
    });
    expect(signatures).toBe(0);
    expect((await rows(id)).map((r) => r.format)).toEqual(['ob3']);
    // Its organisation still exports it.
    expect((await exportAs(a, id, 'vc-jwt')).statusCode).toBe(200);
  });

  it('signs only with the credential’s own issuer’s keys: another organisation’s key named in the row is never used', async () => {
    const aId = await award(a, aAchievement);
    const bId = await award(b, bAchievement);
    // Another organisation cannot ask for it.
    expect((await exportAs(b, aId, 'vc-jwt')).statusCode).toBe(404);
    // A row that names the other organisation's key generation (as a tampered or corrupted row would).
    const bKey = (await ctx.storage.db.selectFrom('credential_documents').select('key_id').where('credential_id', '=', bId).where('format', '=', 'ob3').executeTakeFirstOrThrow()).key_id!;
    await ctx.storage.db.updateTable('credential_documents').set({ key_id: bKey }).where('credential_id', '=', aId).where('format', '=', 'ob3').execute();
    const jwt = (await exportAs(a, aId, 'vc-jwt')).body;
    const jws = (await exportAs(a, aId, 'ob2-jws')).body;
    const aKeys = (await ctx.deps.store.issuerKeys.listForIssuer(aIssuer)).map((k) => k.id);
    const bKeys = (await ctx.deps.store.issuerKeys.listForIssuer(bIssuer)).map((k) => k.id);
    const made = await rows(aId);
    for (const r of made.filter((x) => x.format !== 'ob3')) {
      expect(aKeys).toContain(r.key_id);
      expect(bKeys).not.toContain(r.key_id);
    }
    expect(decodeProtectedHeader(jwt).kid).toContain(aIssuer);
    expect((await laurelVerify(jwt)).valid).toBe(true);
    expect((await laurelVerify(jws)).valid).toBe(true);
  });

  it('after a rotation, a form is made with the key generation that issued the credential; once its RSA key is retired, with the active one', async () => {
    const issuerId = (await a.post('/api/v1/issuers', { ...minimalIssuer, name: 'Rotating Badges' })).json().id;
    const achievementId = (await a.post('/api/v1/achievements', minimalAchievement(issuerId))).json().id;
    const kept = await award(a, achievementId);
    const retired = await award(a, achievementId);
    const keysBefore = (await a.get(`/api/v1/issuers/${issuerId}/keys`)).json().items as { id: string; algorithm: string; status: string }[];
    const oldRsa = keysBefore.find((k) => k.algorithm === 'RSA' && k.status === 'active')!.id;
    expect((await a.post(`/api/v1/issuers/${issuerId}/keys/rotate`)).statusCode).toBe(201);
    const keptJwt = (await exportAs(a, kept, 'vc-jwt')).body;
    expect(decodeProtectedHeader(keptJwt).kid).toMatch(new RegExp(`#${oldRsa}$`));
    expect((await a.post(`/api/v1/issuers/${issuerId}/keys/${oldRsa}/retire`, {})).statusCode).toBe(200);
    const newRsa = ((await a.get(`/api/v1/issuers/${issuerId}/keys`)).json().items as { id: string; algorithm: string; status: string }[]).find((k) => k.algorithm === 'RSA' && k.status === 'active')!.id;
    const jwt = (await exportAs(a, retired, 'vc-jwt')).body;
    const jws = (await exportAs(a, retired, 'ob2-jws')).body;
    expect(decodeProtectedHeader(jwt).kid).toMatch(new RegExp(`#${newRsa}$`));
    expect(JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString()).verification.creator).toBe(`${BASE_URL}/ob2/keys/${newRsa}`);
    for (const form of [jwt, jws]) {
      const report = await laurelVerify(form);
      expect(report.valid, JSON.stringify(report.checks)).toBe(true);
    }
    // A form made before the retirement is kept as it was.
    expect((await exportAs(a, kept, 'vc-jwt')).body).toBe(keptJwt);
  });

  it('after its organisation is deleted, a form never asked for is a 410 problem; forms made before are still served', async () => {
    const made = await award(a, aAchievement);
    const never = await award(a, aAchievement);
    const before = (await fetchPublic(`${BASE_URL}/ob3/credentials/${made}`, 'application/vc+jwt')).body;
    await ctx.deps.store.organisationDeletion.markDeleted(aOrg, new Date().toISOString());
    const signatures = await countSignatures('vc-jwt', async () => {
      const gone = await fetchPublic(`${BASE_URL}/ob3/credentials/${never}`, 'application/vc+jwt');
      expect(gone.statusCode).toBe(410);
      expect(gone.json()).toMatchObject({ type: `${PROBLEM}credential-form-unavailable`, status: 410 });
    });
    expect(signatures).toBe(0);
    expect((await fetchPublic(`${BASE_URL}/ob3/credentials/${made}`, 'application/vc+jwt')).body).toBe(before);
    expect((await fetchPublic(`${BASE_URL}/ob3/credentials/${never}`)).statusCode).toBe(200);
  });
});
