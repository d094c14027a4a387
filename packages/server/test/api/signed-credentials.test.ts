import { readFileSync } from 'node:fs';
import { decodeBitstring, getBit, verifyCredential, type JsonObject } from '@laurel/core';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { compactVerify, decodeProtectedHeader, importJWK, importSPKI, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digitalBazaarVerifier, publicDocuments } from '../support/public-documents.js';
import { BASE_URL, ENGINES, apiClient, createTestApp, minimalIssuer, setupOrganisation, type ApiClient, type TestContext } from '../support/test-app.js';

const SHARED = new URL('../../../../test-data/conformance/', import.meta.url);
const schemas = ['ob3-schemas/ob_v3p0_achievementcredential_schema.json', 'ob3-schemas/strict-2024-09/ob_v3p0_achievementcredential_schema.json'].map((file) => {
  const ajv = new Ajv2019.default({ strict: false, allErrors: true });
  addFormats.default(ajv);
  return { file, validate: ajv.compile(JSON.parse(readFileSync(new URL(file, SHARED), 'utf8'))) };
});

describe.each(ENGINES)('signed credentials, verified by independent code (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let issuerId: string;
  let achievementId: string;

  const docs = publicDocuments(() => ctx.app);
  const { fetchPublic, resolveDidWeb, documentLoader } = docs;
  const dbVerify = digitalBazaarVerifier(docs).verify;
  const laurelVerify = (input: unknown) =>
    verifyCredential(input as JsonObject, { documentLoader, now: () => new Date(), fetchJson: async (url: string) => (await fetchPublic(url)).json() });

  const award = async (email: string) => {
    const res = await api.post('/api/v1/credentials', {
      achievementId,
      recipient: { email, name: 'Grace' },
      narrative: 'Passed the practical and written exams',
      evidence: [{ url: 'https://evidence.example/grace', name: 'Exam transcript', narrative: 'Scored 92%' }],
      results: [{ resultDescription: 'written', value: '92' }, { resultDescription: 'practical', achievedLevel: 'proficient' }],
      creditsEarned: 6,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; recipient: { hashedIdentity: string } };
  };
  const exportAs = async (id: string, format: string) => {
    const res = await api.get(`/api/v1/credentials/${id}/export?format=${format}`);
    expect(res.statusCode, res.body).toBe(200);
    return res;
  };

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    api = apiClient(ctx.app, (await setupOrganisation(ctx.app)).apiKey);
    issuerId = (await api.post('/api/v1/issuers', { ...minimalIssuer, description: 'The Acme welding school', image: 'https://acme.example/logo.png' })).json().id;
    const achievement = await api.post('/api/v1/achievements', {
      issuerId,
      kind: 'certification',
      name: 'Certified Welder',
      description: 'Granted after a practical and written assessment',
      criteria: { narrative: 'Pass both exams', url: 'https://acme.example/welding/criteria' },
      tags: ['welding', 'safety'],
      alignments: [
        { targetName: 'ISO 9606-1', targetUrl: 'https://www.iso.org/standard/54936.html', targetFramework: 'ISO', targetCode: '9606-1' },
        { targetName: 'welder', targetUrl: 'http://data.europa.eu/esco/occupation/0f6b1d1b-1b4e-4b9a-8e4c-1d2c3b4a5f6e', targetFramework: 'ESCO', targetType: 'ext:ESCO' },
      ],
      validity: 'P2Y',
      details: {
        creditsAvailable: 6,
        fieldOfStudy: 'Welding',
        humanCode: 'WLD-1',
        inLanguage: 'en',
        resultDescriptions: [
          { key: 'written', name: 'Written exam', resultType: 'Percent', valueMin: '0', valueMax: '100', requiredValue: '60' },
          { key: 'practical', name: 'Practical', resultType: 'RubricCriterionLevel', requiredLevel: 'proficient', rubricCriterionLevel: [{ key: 'proficient', name: 'Proficient', points: '2' }, { key: 'expert', name: 'Expert', points: '3' }] },
        ],
      },
    });
    expect(achievement.statusCode, achievement.body).toBe(201);
    achievementId = achievement.json().id;
  });
  afterAll(async () => ctx?.close());

  it('OB 3.0: a certification with results and credits: Digital Bazaar verifies the Data Integrity proof, and both 1EdTech schemas validate it', async () => {
    const { id } = await award('grace@example.org');
    const credential = (await exportAs(id, 'ob3')).json();
    for (const { file, validate } of schemas) expect(validate(credential), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
    expect(credential).toMatchObject({
      '@context': expect.arrayContaining(['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json']),
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      id: `${BASE_URL}/ob3/credentials/${id}`,
      issuer: { id: `did:web:badges.test.example:issuers:${issuerId}`, type: ['Profile'], name: minimalIssuer.name },
      credentialSubject: {
        type: ['AchievementSubject'],
        achievement: { type: ['Achievement'], achievementType: 'Certification', name: 'Certified Welder', criteria: { narrative: 'Pass both exams' } },
      },
      credentialSchema: [{ type: '1EdTechJsonSchemaValidator2019' }],
      // One entry (OB 3.0 allows one credentialStatus) for both revocation and suspension: two bits, named by statusMessage.
      credentialStatus: {
        type: 'BitstringStatusListEntry',
        statusPurpose: 'message',
        statusSize: 2,
        statusMessage: [{ status: '0x0', message: 'valid' }, { status: '0x1', message: 'suspended' }, { status: '0x2', message: 'revoked' }, { status: '0x3', message: 'revoked' }],
        statusListCredential: `${BASE_URL}/status/${issuerId}/message`,
      },
      proof: [{ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod' }],
    });
    expect(credential.validUntil).toBeDefined();
    expect(credential.awardedDate).toBe(credential.validFrom);
    expect(JSON.stringify(credential)).not.toContain('grace@example.org');
    // The result and the credits are in the signed document, each result naming its description (and level).
    const { achievement, result: results, creditsEarned } = credential.credentialSubject;
    expect(creditsEarned).toBe(6);
    expect(achievement).toMatchObject({ creditsAvailable: 6, fieldOfStudy: 'Welding', humanCode: 'WLD-1', inLanguage: 'en' });
    expect(achievement.alignment[1]).toMatchObject({ targetFramework: 'ESCO', targetType: 'ext:ESCO' });
    expect(results).toEqual([
      { type: ['Result'], resultDescription: achievement.resultDescription[0].id, value: '92' },
      { type: ['Result'], resultDescription: achievement.resultDescription[1].id, achievedLevel: achievement.resultDescription[1].rubricCriterionLevel[0].id },
    ]);
    expect(achievement.resultDescription[1].requiredLevel).toBe(achievement.resultDescription[1].rubricCriterionLevel[0].id);

    const result = await dbVerify(credential);
    expect(result.error, JSON.stringify(result.error)).toBeUndefined();
    expect(result.verified).toBe(true);
    const tampered = structuredClone(credential);
    tampered.credentialSubject.achievement.name = 'Master Welder';
    expect((await dbVerify(tampered)).verified).toBe(false);
    const betterScore = structuredClone(credential);
    betterScore.credentialSubject.result[0].value = '100';
    expect((await dbVerify(betterScore)).verified).toBe(false);

    // The public URL serves the same document, and Laurel's own verifier agrees (status included).
    expect((await fetchPublic(credential.id)).json()).toEqual(credential);
    const report = await laurelVerify(credential);
    expect(report.valid, JSON.stringify(report.checks)).toBe(true);
  });

  it('VC-JWT and OB 2.0 JWS verify with jose against the published keys', async () => {
    const { id } = await award('ada@example.org');
    const ob3 = (await exportAs(id, 'ob3')).json();
    const jwt = (await exportAs(id, 'vc-jwt')).body;
    expect((await fetchPublic(ob3.id, 'application/vc+jwt')).body).toBe(jwt);
    const header = decodeProtectedHeader(jwt);
    expect(header).toMatchObject({ alg: 'RS256', kid: expect.stringMatching(/^did:web:.+#.+$/) });
    const didDoc = (await resolveDidWeb(header.kid!.split('#')[0]!))!;
    const method = (didDoc.verificationMethod as JsonObject[]).find((m) => m.id === header.kid)!;
    const { payload } = await jwtVerify(jwt, await importJWK(method.publicKeyJwk as never, 'RS256'), { algorithms: ['RS256'] });
    expect(payload).toMatchObject({ iss: ob3.issuer.id, jti: ob3.id, nbf: Math.floor(Date.parse(ob3.validFrom) / 1000), exp: Math.floor(Date.parse(ob3.validUntil) / 1000) });

    const jws = (await exportAs(id, 'ob2-jws')).body;
    const assertion = JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString());
    expect(assertion.verification).toMatchObject({ type: 'signed', creator: expect.stringContaining('/ob2/keys/') });
    const key = (await fetchPublic(assertion.verification.creator)).json();
    expect(key).toMatchObject({ type: 'CryptographicKey', owner: `${BASE_URL}/ob2/issuers/${issuerId}` });
    const verified = await compactVerify(jws, await importSPKI(key.publicKeyPem, 'RS256'));
    expect(JSON.parse(new TextDecoder().decode(verified.payload)).id).toBe(assertion.id);
    const issuerDoc = (await fetchPublic(`${BASE_URL}/ob2/issuers/${issuerId}`)).json();
    expect([issuerDoc.publicKey].flat()).toContain(assertion.verification.creator);
    expect(issuerDoc.revocationList).toBe(`${BASE_URL}/ob2/issuers/${issuerId}/revocations`);
  });

  it('revocation and suspension change the signed status lists in the same transaction; reinstatement restores validity', async () => {
    const { id } = await award('linus@example.org');
    const credential = (await exportAs(id, 'ob3')).json();
    const index = Number(credential.credentialStatus.statusListIndex);
    const bit = async (purpose: string) => {
      const list = (await fetchPublic(`${BASE_URL}/status/${issuerId}/${purpose}`)).json();
      expect((await dbVerify(list)).verified).toBe(true);
      return getBit(decodeBitstring(list.credentialSubject.encodedList), index);
    };
    expect(await bit('revocation')).toBe(false);

    expect((await api.post(`/api/v1/credentials/${id}/suspend`, { reason: 'Under review' })).json().status).toBe('suspended');
    expect(await bit('suspension')).toBe(true);
    expect((await api.post(`/api/v1/credentials/${id}/reinstate`)).json().status).toBe('active');
    expect(await bit('suspension')).toBe(false);
    expect((await laurelVerify(credential)).valid).toBe(true);

    expect((await api.post(`/api/v1/credentials/${id}/revoke`, { reason: 'Fraud' })).statusCode).toBe(200);
    expect(await bit('revocation')).toBe(true);
    const report = await laurelVerify(credential);
    expect(report.valid).toBe(false);
    expect(report.checks.find((c) => c.name === 'status')).toMatchObject({ ok: false });
    const ob2List = (await fetchPublic(`${BASE_URL}/ob2/issuers/${issuerId}/revocations`)).json();
    expect(ob2List.revokedAssertions).toContainEqual({ id: `${BASE_URL}/ob2/assertions/${id}`, revocationReason: 'Fraud' });
  });

  it('a suspension is discoverable by anyone: Laurel’s verifier and a check written from the spec both say suspended, then revoked', async () => {
    const { id } = await award('barbara@example.org');
    const credential = (await exportAs(id, 'ob3')).json();
    const jwt = (await exportAs(id, 'vc-jwt')).body;
    const statusOf = async (input: unknown) => (await laurelVerify(input)).checks.find((c) => c.name === 'status');
    const independent = async () => dbVerify(credential);
    const listUrl = credential.credentialStatus.statusListCredential;
    const etag = (await ctx.app.inject({ method: 'GET', url: new URL(listUrl).pathname })).headers.etag;
    expect(await statusOf(credential)).toMatchObject({ ok: true, code: 'status-message', params: { status: '0x0', message: 'valid' } });
    expect((await independent()).verified).toBe(true);

    expect((await api.post(`/api/v1/credentials/${id}/suspend`, { reason: 'Under review' })).statusCode).toBe(200);
    // The published list is signed again (new ETag) and says so to everyone.
    const after = await ctx.app.inject({ method: 'GET', url: new URL(listUrl).pathname, headers: { 'if-none-match': String(etag) } });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(etag);
    expect(await statusOf(credential)).toMatchObject({ ok: false, code: 'status-suspended' });
    expect(await statusOf(jwt)).toMatchObject({ ok: false, code: 'status-suspended' });
    const suspended = await independent();
    expect(suspended.verified).toBe(false);
    expect((suspended as { statusResult?: { error?: Error } }).statusResult?.error?.message).toBe('suspended');

    expect((await api.post(`/api/v1/credentials/${id}/reinstate`)).statusCode).toBe(200);
    expect(await statusOf(credential)).toMatchObject({ ok: true });
    expect((await independent()).verified).toBe(true);

    expect((await api.post(`/api/v1/credentials/${id}/revoke`, { reason: 'Fraud' })).statusCode).toBe(200);
    expect(await statusOf(credential)).toMatchObject({ ok: false, code: 'status-revoked' });
    const revoked = await independent();
    expect(revoked.verified).toBe(false);
    expect((revoked as { statusResult?: { error?: Error } }).statusResult?.error?.message).toBe('revoked');
  });

  it('after key rotation, earlier credentials still verify and new ones use the new key', async () => {
    const before = (await exportAs((await award('old@example.org')).id, 'ob3')).json();
    const oldJwt = (await exportAs(before.id.split('/').pop(), 'vc-jwt')).body;
    const listBefore = await fetchPublic(before.credentialStatus.statusListCredential);
    const rotated = await api.post(`/api/v1/issuers/${issuerId}/keys/rotate`);
    expect(rotated.statusCode).toBe(201);
    // The published status list is signed again with the active key, under a new ETag.
    const listAfter = await fetchPublic(before.credentialStatus.statusListCredential);
    expect(listAfter.json().proof[0].verificationMethod).not.toBe(listBefore.json().proof[0].verificationMethod);
    expect(listAfter.headers.etag).not.toBe(listBefore.headers.etag);
    const after = (await exportAs((await award('new@example.org')).id, 'ob3')).json();
    expect(after.proof[0].verificationMethod).not.toBe(before.proof[0].verificationMethod);
    expect(after.issuer.id).toBe(before.issuer.id);
    expect((await dbVerify(before)).verified).toBe(true);
    expect((await dbVerify(after)).verified).toBe(true);
    expect((await laurelVerify(oldJwt)).valid).toBe(true);
    const keys = (await api.get(`/api/v1/issuers/${issuerId}/keys`)).json().items;
    expect(keys.filter((k: { status: string }) => k.status === 'active')).toHaveLength(2);
    expect(keys.filter((k: { status: string }) => k.status === 'previous')).toHaveLength(2);
    const active = keys.find((k: { status: string; algorithm: string }) => k.status === 'active' && k.algorithm === 'RSA');
    expect((await api.post(`/api/v1/issuers/${issuerId}/keys/${active.id}/retire`, {})).statusCode).toBe(409);
  });

  it('stores no private key in plaintext, and never returns one', async () => {
    const rows = await ctx.storage.db.selectFrom('issuer_keys').selectAll().execute();
    expect(rows.length).toBeGreaterThanOrEqual(4);
    const everything = JSON.stringify(await Promise.all(['issuer_keys', 'credential_documents', 'audit_log', 'status_lists'].map((t) => ctx.storage.db.selectFrom(t as 'issuer_keys').selectAll().execute())));
    const listed = (await api.get(`/api/v1/issuers/${issuerId}/keys`)).body;
    for (const row of rows) {
      expect(row.private_key_enc).toMatch(/^v1\./);
      const secret = ctx.deps.vault.open(row.private_key_enc, row.id);
      const material = row.algorithm === 'RSA' ? (JSON.parse(secret).d as string) : secret;
      expect(material.length).toBeGreaterThan(20);
      expect(everything).not.toContain(material);
      expect(listed).not.toContain(material);
      expect(row.public_key).not.toContain(material);
    }
  });
});
