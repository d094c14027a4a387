/**
 * VC-API issue options (IssueCredentialOptions): each is honoured, or refused with a 400 problem
 * naming it, never silently ignored.
 */
import { type JsonObject } from '@laurel/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, apiClient, createTestApp, minimalIssuer, setupOrganisation, type ApiClient, type TestContext } from '../support/test-app.js';

describe.each(ENGINES)('POST /vc/credentials/issue options (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let did: string;

  const credential = (extra: JsonObject = {}): JsonObject => ({
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    type: ['VerifiableCredential'],
    issuer: did,
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: { id: 'did:example:ebfeb1f712ebc6f1c276e12ec21' },
    ...extra,
  });

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    api = apiClient(ctx.app, (await setupOrganisation(ctx.app)).apiKey);
    did = ctx.deps.urls.didWeb((await api.post('/api/v1/issuers', minimalIssuer)).json().id);
  });
  afterAll(async () => ctx?.close());

  const issue = (body: unknown) => api.post('/vc/credentials/issue', body);
  const verifies = async (vc: JsonObject) => (await ctx.app.inject({ method: 'POST', url: '/vc/credentials/verify', payload: { verifiableCredential: vc } })).json().verified;

  it('honours created, credentialId and an empty mandatoryPointers', async () => {
    const now = ctx.deps.clock.now();
    const earlier = new Date(now.getTime() - 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const cases: Array<[name: string, body: unknown, expect: (vc: JsonObject) => void]> = [
      ['created sets proof.created', { credential: credential(), options: { created: earlier } }, (vc) => expect((vc.proof as JsonObject).created).toBe(earlier)],
      ['credentialId sets a missing id', { credential: credential(), options: { credentialId: 'urn:uuid:0f3e1c2a-5b6d-4e7f-8a9b-0c1d2e3f4a5b' } }, (vc) => expect(vc.id).toBe('urn:uuid:0f3e1c2a-5b6d-4e7f-8a9b-0c1d2e3f4a5b')],
      ['credentialId equal to the id', { credential: credential({ id: 'https://example.com/vc/1' }), options: { credentialId: 'https://example.com/vc/1' } }, (vc) => expect(vc.id).toBe('https://example.com/vc/1')],
      ['empty mandatoryPointers', { credential: credential(), options: { mandatoryPointers: [] } }, (vc) => expect(vc.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' })],
      ['the VC-API example with issuerId', { credential: credential(), options: {} }, (vc) => expect(vc.issuer).toBe(did)],
    ];
    for (const [name, body, check] of cases) {
      const res = await issue(body);
      expect(res.statusCode, `${name}: ${res.body}`).toBe(201);
      const vc = res.json().verifiableCredential as JsonObject;
      check(vc);
      expect(await verifies(vc), name).toBe(true);
    }
    const plain = (await issue({ credential: credential() })).json().verifiableCredential;
    // Without the option: the server's clock.
    expect(Math.abs(Date.parse(plain.proof.created) - now.getTime())).toBeLessThan(60_000);
  });

  it('refuses what it cannot honour with a 400 problem naming the option', async () => {
    const future = new Date(ctx.deps.clock.now().getTime() + 3_600_000).toISOString();
    const cases: Array<[name: string, options: unknown, path: string, credentialExtra?: JsonObject]> = [
      ['created not a dateTimeStamp', { created: 'yesterday' }, '/options/created'],
      ['created without a time zone', { created: '2026-01-01T00:00:00' }, '/options/created'],
      ['created in the future', { created: future }, '/options/created'],
      ['credentialId not a URL', { credentialId: 'not a url' }, '/options/credentialId'],
      ['credentialId differing from credential.id', { credentialId: 'urn:uuid:other' }, '/options/credentialId', { id: 'urn:uuid:mine' }],
      ['mandatoryPointers (no selective disclosure)', { mandatoryPointers: ['/issuer'] }, '/options/mandatoryPointers'],
      ['challenge', { challenge: 'abc' }, '/options/challenge'],
      ['domain', { domain: 'example.com' }, '/options/domain'],
      ['an unknown option', { proofType: 'Ed25519Signature2020' }, '/options/proofType'],
      ['created of the wrong type', { created: 12 }, '/options/created'],
      // The VC-API specification's own IssueCredentialOptions example: selective disclosure, and an id without a scheme.
      ['the VC-API example', { credentialId: 'example.com/ad5d541f-db7a-4bff-97e1-d403ce403767', mandatoryPointers: ['/issuer', '/validFrom', '/validUntil'] }, '/options/mandatoryPointers'],
      ['the VC-API example credentialId', { credentialId: 'example.com/ad5d541f-db7a-4bff-97e1-d403ce403767' }, '/options/credentialId'],
    ];
    for (const [name, options, path, extra] of cases) {
      const res = await issue({ credential: credential(extra), options });
      expect.soft(res.statusCode, `${name}: ${res.body}`).toBe(400);
      expect.soft(res.headers['content-type'], name).toContain('application/problem+json');
      expect.soft(res.json().type, name).toBe('https://laurel.dev/problems/validation');
      expect.soft(res.json().errors?.map((e: { path: string }) => e.path), name).toContain(path);
    }
  });
});
