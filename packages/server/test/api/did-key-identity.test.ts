import { readFileSync } from 'node:fs';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { verifyCredential, type JsonObject } from '@laurel/core';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OFFLINE } from '../../src/domain/verification/offline.js';
import { verifyAny } from '../../src/domain/verification/verify-any.js';
import { bitstringStatusCheck } from '../support/bitstring-status.js';
import { BASE_URL, ENGINES, apiClient, createTestApp, minimalIssuer, setupOrganisation, type ApiClient, type TestContext } from '../support/test-app.js';
import { fetchPublicJson, independentLoader } from '../support/independent-vc.js';

const SHARED = new URL('../../../../test-data/conformance/', import.meta.url);
const ajv = new Ajv2019.default({ strict: false, allErrors: true });
addFormats.default(ajv);
const validateSchema = ajv.compile(JSON.parse(readFileSync(new URL('ob3-schemas/ob_v3p0_achievementcredential_schema.json', SHARED), 'utf8')));

describe.each(ENGINES)('did:key issuers: credentials verifiable offline by anyone (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let issuer: { id: string; did: string; identity: string };
  let achievementId: string;
  const documentLoader = independentLoader();
  const suite = () => new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });

  const fetchPublic = (url: string) => fetchPublicJson(ctx.app, url);
  const checkStatus = bitstringStatusCheck({ fetchList: fetchPublic, verifyList: (list) => vc.verifyCredential({ credential: list, suite: suite(), documentLoader, now: new Date() }) });
  const dbVerify = async (credential: JsonObject) => {
    const result = (await vc.verifyCredential({ credential, suite: suite(), documentLoader, now: new Date(), checkStatus })) as { verified: boolean; error?: unknown; statusResult?: { error?: Error } };
    return { verified: result.verified, error: result.statusResult?.error?.message ?? JSON.stringify(result.error ?? null) };
  };
  const laurelVerify = (input: JsonObject | string) =>
    verifyCredential(input as JsonObject, { documentLoader: async (url) => (await documentLoader(url)) as never, now: () => new Date(), fetchJson: fetchPublic });
  /** VC-JWT checked with jose, the key taken from the did:key itself. */
  const joseVerify = async (jwt: string) => {
    const header = decodeProtectedHeader(jwt);
    const vm = (await documentLoader(header.kid!)).document as JsonObject;
    const jwk = await Ed25519Multikey.toJwk({ keyPair: await Ed25519Multikey.from(vm as never) });
    return { header, payload: (await jwtVerify(jwt, await importJWK(jwk as never, 'EdDSA'), { algorithms: ['EdDSA'] })).payload };
  };
  const award = async (email: string) => {
    const res = await api.post('/api/v1/credentials', { achievementId, recipient: { email, name: 'Grace' } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const exportAs = async (id: string, format: string) => {
    const res = await api.get(`/api/v1/credentials/${id}/export?format=${format}`);
    expect(res.statusCode, res.body).toBe(200);
    return res;
  };

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    api = apiClient(ctx.app, (await setupOrganisation(ctx.app)).apiKey);
    const created = await api.post('/api/v1/issuers', { ...minimalIssuer, identity: 'did:key' });
    expect(created.statusCode, created.body).toBe(201);
    issuer = created.json();
    achievementId = (await api.post('/api/v1/achievements', { issuerId: issuer.id, kind: 'certification', name: 'Certified Welder', description: 'Assessed', criteria: { narrative: 'Pass' }, validity: 'P1Y' })).json().id;
  });
  afterAll(async () => ctx?.close());

  it('an issuer is did:web unless it asks for did:key, and the choice is fixed', async () => {
    const plain = (await api.post('/api/v1/issuers', minimalIssuer)).json();
    expect(plain).toMatchObject({ identity: 'did:web', did: `did:web:badges.test.example:issuers:${plain.id}` });
    expect(issuer).toMatchObject({ identity: 'did:key', did: expect.stringMatching(/^did:key:z6Mk/) });
    expect((await api.get(`/api/v1/issuers/${issuer.id}`)).json().did).toBe(issuer.did);
    const patch = await api.patch(`/api/v1/issuers/${issuer.id}`, { identity: 'did:web' });
    expect(patch.statusCode).toBe(400);
    expect((await api.post('/api/v1/issuers', { ...minimalIssuer, identity: 'did:example' })).statusCode).toBe(400);
    // A did:key issuer has no did:web document.
    expect((await ctx.app.inject({ method: 'GET', url: `/issuers/${issuer.id}/did.json` })).statusCode).toBe(404);
  });

  it('OB 3.0 and VC-JWT verify offline with Digital Bazaar, jose and Laurel; the schema validates', async () => {
    const id = await award('grace@example.org');
    const credential = (await exportAs(id, 'ob3')).json();
    expect(validateSchema(credential), JSON.stringify(validateSchema.errors)).toBe(true);
    const key = issuer.did.slice('did:key:'.length);
    expect(credential.issuer.id).toBe(issuer.did);
    expect(credential.proof[0].verificationMethod).toBe(`${issuer.did}#${key}`);
    const keys = (await api.get(`/api/v1/issuers/${issuer.id}/keys`)).json().items as { id: string; algorithm: string; verificationMethod: string }[];
    const ed = keys.find((k) => k.algorithm === 'Ed25519')!;
    expect(ed.verificationMethod).toBe(`${issuer.did}#${key}`);
    expect(credential.credentialStatus.statusListCredential).toBe(`${BASE_URL}/status/${issuer.id}/message/${ed.id}`);

    expect(await dbVerify(credential)).toEqual({ verified: true, error: 'null' });
    const tampered = structuredClone(credential);
    tampered.credentialSubject.achievement.name = 'Master Welder';
    expect((await dbVerify(tampered)).verified).toBe(false);

    const jwt = (await exportAs(id, 'vc-jwt')).body;
    const { header, payload } = await joseVerify(jwt);
    expect(header).toMatchObject({ alg: 'EdDSA', typ: 'JWT', kid: `${issuer.did}#${key}` });
    expect(payload).toMatchObject({ iss: issuer.did, jti: credential.id, exp: Math.floor(Date.parse(credential.validUntil) / 1000) });

    for (const form of [credential, jwt]) {
      const report = await laurelVerify(form);
      expect(report.valid, JSON.stringify(report.checks)).toBe(true);
      // And through the public verifier, the way a visitor of /verify would.
      const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/verify?recipient=grace@example.org', payload: typeof form === 'string' ? form : JSON.stringify(form), headers: { 'content-type': typeof form === 'string' ? 'text/plain' : 'application/json' } });
      expect(res.json(), res.body).toMatchObject({ valid: true });
    }
    // Offline (nothing fetched, as `laurel verify --offline` does): valid, its status not checked.
    const offline = await verifyAny({ clock: ctx.deps.clock, remote: OFFLINE }, { source: { kind: 'bytes', bytes: new TextEncoder().encode(JSON.stringify(credential)) }, offline: true });
    expect(offline.valid, JSON.stringify(offline.checks)).toBe(true);
    expect(offline.checks.find((c) => c.name === 'status')).toMatchObject({ ok: true, code: 'status-not-checked' });
    // The OB 2.0 signed assertion still uses the issuer's RSA key and CryptographicKey document.
    const jws = (await exportAs(id, 'ob2-jws')).body;
    expect(decodeProtectedHeader(jws)).toMatchObject({ alg: 'RS256' });
  });

  it('after rotation the issuer signs as a new did:key; older credentials and their status still verify', async () => {
    const before = await award('ada@example.org');
    const old = (await exportAs(before, 'ob3')).json();
    const rotated = await api.post(`/api/v1/issuers/${issuer.id}/keys/rotate`);
    expect(rotated.statusCode, rotated.body).toBe(201);
    const now = (await api.get(`/api/v1/issuers/${issuer.id}`)).json().did;
    expect(now).toMatch(/^did:key:z6Mk/);
    expect(now).not.toBe(old.issuer.id);

    const after = (await exportAs(await award('alan@example.org'), 'ob3')).json();
    expect(after.issuer.id).toBe(now);
    expect(after.credentialStatus.statusListCredential).not.toBe(old.credentialStatus.statusListCredential);
    expect((await dbVerify(after)).verified).toBe(true);
    expect((await dbVerify(old)).verified).toBe(true);

    // Revoking the older credential sets its bit in its generation's list, signed as its did:key.
    expect((await api.post(`/api/v1/credentials/${before}/revoke`, { reason: 'issued in error' })).statusCode).toBe(200);
    expect(await dbVerify(old)).toMatchObject({ verified: false, error: expect.stringContaining('revoked') });
    const report = await laurelVerify(old);
    expect(report.checks.find((c) => c.name === 'status')).toMatchObject({ ok: false });
    expect((await dbVerify(after)).verified).toBe(true);

    // A did:key cannot announce retirement, so Laurel refuses to pretend it can.
    const previous = (await api.get(`/api/v1/issuers/${issuer.id}/keys`)).json().items.find((k: { status: string }) => k.status === 'previous');
    const retire = await api.post(`/api/v1/issuers/${issuer.id}/keys/${previous.id}/retire`, {});
    expect(retire.statusCode).toBe(409);
    expect(retire.json().type).toContain('invalid-state');
  });

  it('a status list URL names a key generation of a did:key issuer only', async () => {
    const keys = (await api.get(`/api/v1/issuers/${issuer.id}/keys`)).json().items as { id: string; algorithm: string }[];
    const rsa = keys.find((k) => k.algorithm === 'RSA')!;
    const get = (path: string) => ctx.app.inject({ method: 'GET', url: path });
    expect((await get(`/status/${issuer.id}/revocation/${rsa.id}`)).statusCode).toBe(404);
    expect((await get(`/status/${issuer.id}/revocation/nope`)).statusCode).toBe(404);
    const plain = (await api.post('/api/v1/issuers', minimalIssuer)).json();
    const plainKey = (await api.get(`/api/v1/issuers/${plain.id}/keys`)).json().items[0].id;
    expect((await get(`/status/${plain.id}/revocation/${plainKey}`)).statusCode).toBe(404);
    expect((await get(`/status/${plain.id}/revocation`)).statusCode).toBe(200);
  });

  it('VC-API issue signs as the did:key it is asked for', async () => {
    const current = (await api.get(`/api/v1/issuers/${issuer.id}`)).json().did;
    const res = await api.post('/vc/credentials/issue', {
      credential: {
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        type: ['VerifiableCredential'],
        issuer: current,
        credentialSubject: { id: 'did:example:subject' },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const signed = res.json().verifiableCredential;
    expect(signed.issuer).toBe(current);
    expect((await vc.verifyCredential({ credential: signed, suite: suite(), documentLoader, now: new Date() })).verified).toBe(true);
  });
});
