import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { createDocumentLoader, type JsonObject } from '@laurel/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, apiClient, createTestApp, minimalCredential, type ApiClient, type TestContext, organisationWithAchievement } from '../support/test-app.js';

describe.each(ENGINES)('W3C VC-API endpoints (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let issuerId: string;
  let did: string;
  let credentialId: string;

  const unsigned = (): JsonObject => ({
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'],
    id: 'urn:uuid:7a6b7e2c-0f2b-4d1c-9e55-0b5d2c7f1a11',
    type: ['VerifiableCredential', 'ExampleAlumniCredential'],
    issuer: did,
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: { id: 'did:example:ebfeb1f712ebc6f1c276e12ec21', alumniOf: 'Example University' },
  });

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    const organisation = await organisationWithAchievement(ctx.app);
    ({ api, issuerId } = organisation);
    did = ctx.deps.urls.didWeb(issuerId);
    credentialId = (await api.post('/api/v1/credentials', minimalCredential(organisation.achievementId))).json().id;
  });
  afterAll(async () => ctx?.close());

  const resolveDid = async (d: string) => {
    const id = d.split(':').pop();
    return (await ctx.app.inject({ method: 'GET', url: `/issuers/${id}/did.json` })).json();
  };

  it('issues a caller-supplied VC DM 2.0 credential that Digital Bazaar verifies', async () => {
    const examples = { 'https://www.w3.org/ns/credentials/examples/v2': { '@context': { '@vocab': 'https://www.w3.org/ns/credentials/examples#' } } };
    // The W3C examples context is bundled (offline), so the W3C suites' credentials can be issued.
    const withExamples = await api.post('/vc/credentials/issue', { credential: unsigned() });
    expect(withExamples.statusCode, withExamples.body).toBe(201);
    const examplesVerified = await vc.verifyCredential({ credential: withExamples.json().verifiableCredential, suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }), documentLoader: createDocumentLoader({ resolveDid, extra: examples }) });
    expect(examplesVerified.verified, JSON.stringify(examplesVerified.error)).toBe(true);
    // An unknown context is still refused: the loader never fetches.
    const refused = await api.post('/vc/credentials/issue', { credential: { ...unsigned(), '@context': ['https://www.w3.org/ns/credentials/v2', 'https://contexts.example/unknown/v1'] } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().type).toBe('https://laurel.dev/problems/validation');

    const ob3Like: JsonObject = { ...unsigned(), '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], credentialSubject: { id: 'did:example:ebfeb1f712ebc6f1c276e12ec21' } };
    const res = await api.post('/vc/credentials/issue', { credential: ob3Like, options: {} });
    expect(res.statusCode, res.body).toBe(201);
    const signed = res.json().verifiableCredential;
    expect(signed.proof).toEqual(expect.objectContaining({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', verificationMethod: expect.stringContaining(`${did}#`) }));
    const documentLoader = createDocumentLoader({ resolveDid, extra: examples });
    const result = await vc.verifyCredential({ credential: signed, suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }), documentLoader });
    expect(result.verified, JSON.stringify(result.error)).toBe(true);

    const verified = await ctx.app.inject({ method: 'POST', url: '/vc/credentials/verify', payload: { verifiableCredential: signed } });
    expect(verified.statusCode, verified.body).toBe(200);
    expect(verified.json()).toMatchObject({ verified: true, checks: expect.arrayContaining(['proof']) });
  });

  it('enforces the data model and the issuer on issue', async () => {
    const base: JsonObject = { ...unsigned(), '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], credentialSubject: { id: 'did:example:1' } };
    const cases: [string, unknown, number][] = [
      ['wrong first context', { ...base, '@context': ['https://www.w3.org/ns/credentials/examples/v2', 'https://www.w3.org/ns/credentials/v2'] }, 400],
      ['no first context', { ...base, '@context': [] }, 400],
      ['no credentialSubject', { ...base, credentialSubject: undefined }, 400],
      ['no VerifiableCredential type', { ...base, type: ['Other'] }, 400],
      ['bad validFrom', { ...base, validFrom: 'yesterday' }, 400],
      ['someone else as issuer', { ...base, issuer: 'did:web:elsewhere.example' }, 400],
      ['undefined term', { ...base, credentialSubject: { id: 'did:example:1', favouriteColour: 'red' } }, 400],
      ['already has a proof', { ...base, proof: { type: 'DataIntegrityProof' } }, 400],
    ];
    for (const [name, credential, status] of cases) {
      const res = await api.post('/vc/credentials/issue', { credential: JSON.parse(JSON.stringify(credential)) });
      expect.soft(res.statusCode, `${name}: ${res.body}`).toBe(status);
      expect.soft(res.headers['content-type'], name).toContain('application/problem+json');
    }
    expect((await ctx.app.inject({ method: 'POST', url: '/vc/credentials/issue', payload: { credential: base } })).statusCode).toBe(401);
    const viewerKey = (await api.post('/api/v1/api-keys', { name: 'viewer', role: 'viewer' })).json().secret;
    expect((await apiClient(ctx.app, viewerKey).post('/vc/credentials/issue', { credential: base })).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'POST', url: '/vc/credentials/issue', payload: '{' , headers: { authorization: `Bearer ${viewerKey}`, 'content-type': 'application/json' } })).statusCode).toBe(400);
  });

  it('verifies Laurel credentials (JSON-LD and VC-JWT) and answers 400 with the failed checks for a tampered one', async () => {
    const ob3 = (await api.get(`/api/v1/credentials/${credentialId}/export?format=ob3`)).json();
    const ok = await ctx.app.inject({ method: 'POST', url: '/vc/credentials/verify', payload: { verifiableCredential: ob3 } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ verified: true, errors: [] });
    expect(ok.json().results.find((r: { name: string }) => r.name === 'proof')).toMatchObject({ ok: true, code: 'proof-valid', params: { method: 'eddsa-rdfc-2022' } });
    const jwt = (await api.get(`/api/v1/credentials/${credentialId}/export?format=vc-jwt`)).body;
    const okJwt = await ctx.app.inject({ method: 'POST', url: '/vc/credentials/verify', payload: { verifiableCredential: jwt } });
    expect(okJwt.statusCode, okJwt.body).toBe(200);
    expect(okJwt.json().format).toBe('vc-jwt');

    const tampered = structuredClone(ob3);
    tampered.credentialSubject.achievement.name = 'Something grander';
    const bad = await ctx.app.inject({ method: 'POST', url: '/vc/credentials/verify', payload: { verifiableCredential: tampered } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ verified: false, type: 'https://laurel.dev/problems/validation' });
    expect(bad.json().errors.map((e: { message: string }) => e.message).join(' ')).toContain('proof');
    expect(bad.json().results.find((r: { name: string }) => r.name === 'proof')).toMatchObject({ ok: false, code: 'proof-invalid-signature' });

    const malformed = await ctx.app.inject({ method: 'POST', url: '/vc/credentials/verify', payload: { credential: ob3 } });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().errors.map((e: { path: string }) => e.path).sort()).toEqual(['/credential', '/verifiableCredential']);
  });
});
