import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { createDocumentLoader, type JsonObject } from '@laurel/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, apiClient, createTestApp, minimalIssuer, setupOrganisation, type ApiClient, type TestContext } from '../support/test-app.js';

const V2 = 'https://www.w3.org/ns/credentials/v2';
const V1 = 'https://www.w3.org/2018/credentials/v1';
const EXAMPLES = 'https://www.w3.org/ns/credentials/examples/v2';
const DI_V2 = 'https://w3id.org/security/data-integrity/v2';
/** The examples context's bytes as bundled by @laurel/core; their digest computed here. */
const examplesSha384 = createHash('sha384')
  .update(readFileSync(new URL('../../../core/src/contexts/credentials-examples-v2.json', import.meta.url)))
  .digest('base64');

/**
 * The VC Data Model 2.0 rules, as the W3C VC 2.0 test suite drives them through the VC-API: what the
 * verifier refuses, the issuer refuses first (400 problem document); VC 1.1 credentials are issued
 * and verified; JSON text where an object belongs is refused.
 */
describe.each(ENGINES)('VC-API and the VC Data Model (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let did: string;

  /** The W3C VC 2.0 suite's `credential-ok.json` shape, with the spec's examples context. */
  const credential = (extra: JsonObject = {}): JsonObject => ({
    '@context': [V2, EXAMPLES],
    id: 'urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33',
    type: ['VerifiableCredential', 'ExampleAlumniCredential'],
    issuer: did,
    validFrom: '2023-07-01T19:23:24Z',
    credentialSubject: { id: 'did:example:ebfeb1f712ebc6f1c276e12ec21', alumniOf: { id: 'did:example:c276e12ec21ebfeb1f712ebc6f1', name: 'Example University' } },
    ...extra,
  });

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    api = apiClient(ctx.app, (await setupOrganisation(ctx.app)).apiKey);
    const issuerId = (await api.post('/api/v1/issuers', minimalIssuer)).json().id;
    did = ctx.deps.urls.didWeb(issuerId);
  });
  afterAll(async () => ctx?.close());

  const issue = (body: unknown) => api.post('/vc/credentials/issue', body);
  const verify = (payload: unknown) => ctx.app.inject({ method: 'POST', url: '/vc/credentials/verify', payload: payload as object });
  const resolveDid = async (d: string) => (await ctx.app.inject({ method: 'GET', url: `/issuers/${d.split(':').pop()}/did.json` })).json();

  it('issues and verifies conforming credentials, the spec examples among them (examples context bundled)', async () => {
    const positives: Array<[string, JsonObject]> = [
      ['credential-ok', credential()],
      ['typed status, schema, terms of use, evidence, refresh service', credential({
        credentialSchema: [{ id: 'https://example.org/examples/degree.json', type: 'JsonSchema' }],
        termsOfUse: { type: 'IssuerPolicy', id: 'http://example.com/policies/credential/4' },
        evidence: [{ id: 'https://videos.example/training/alice-espresso.mp4', type: ['Evidence'], name: 'Talk-aloud video of barista' }],
        refreshService: { type: 'VerifiableCredentialRefreshService2021', url: 'https://university.example/workflows/refresh-degree' },
      })],
      ['language value objects', credential({ name: [{ '@value': 'Dog', '@language': 'en' }, { '@value': 'Chien', '@language': 'fr' }], description: { '@value': 'صفحة', '@language': 'ar-EG', '@direction': 'rtl' } })],
      ['relatedResource pinning the bundled examples context', credential({ relatedResource: [{ id: EXAMPLES, digestSRI: `sha384-${examplesSha384}` }] })],
    ];
    for (const [name, unsigned] of positives) {
      const issued = await issue({ credential: unsigned });
      expect(issued.statusCode, `${name}: ${issued.body}`).toBe(201);
      const signed = issued.json().verifiableCredential;
      const checked = await verify({ verifiableCredential: signed });
      expect(checked.statusCode, `${name}: ${checked.body}`).toBe(200);
      expect(checked.json().verified).toBe(true);
    }
  });

  const negatives: Array<[string, JsonObject, string]> = [
    ['credentialStatus without type', { credentialStatus: { id: 'https://example.org/status/1' } }, 'credentialStatus[0] must have a type'],
    ['termsOfUse without type', { termsOfUse: { id: 'http://example.com/policies/credential/4' } }, 'termsOfUse[0] must have a type'],
    ['evidence without type', { evidence: [{ id: 'https://videos.example/1', name: 'video' }] }, 'evidence[0] must have a type'],
    ['refreshService without type', { refreshService: { url: 'https://university.example/refresh' } }, 'refreshService[0] must have a type'],
    ['credentialSchema without type', { credentialSchema: { id: 'https://example.org/examples/degree.json' } }, 'credentialSchema[0] must have a type'],
    ['empty credentialSubject', { credentialSubject: {} }, 'credentialSubject[0] must make at least one claim'],
    ['one empty subject of two', { credentialSubject: [{ id: 'did:example:subject' }, {}] }, 'credentialSubject[1] must make at least one claim'],
    ['id not a URL', { id: 'credential 1872' }, 'id must be a URI'],
    ['@context item not a URL', { '@context': [V2, EXAMPLES, 'https ://not-a-url/contexts/example/v1'] }, '@context[2] must be a URL or an object'],
    ['validFrom without a time zone', { validFrom: '2023-07-01T19:23:24' }, 'validFrom must be an XML Schema dateTimeStamp'],
    ['name value object with an extra property', { name: { '@value': 'Example', '@language': 'en', url: 'did:example:credential' } }, 'cannot also have url'],
    ['relatedResource not objects', { relatedResource: EXAMPLES }, 'relatedResource[0] must be an object'],
    ['relatedResource without a digest', { relatedResource: [{ id: EXAMPLES }] }, 'must have digestSRI or digestMultibase'],
    ['relatedResource id repeated', { relatedResource: [{ id: EXAMPLES, digestSRI: `sha384-${examplesSha384}` }, { id: EXAMPLES, digestSRI: `sha384-${examplesSha384}` }] }, 'listed more than once'],
    ['relatedResource digest not the bundled bytes', { relatedResource: [{ id: EXAMPLES, digestSRI: `sha384-${createHash('sha384').update('other').digest('base64')}` }] }, 'does not match the bundled document'],
  ];

  it.each(negatives)('issue refuses %s with a 400 problem document naming the rule', async (_, extra, message) => {
    const res = await issue({ credential: credential(extra) });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().type).toBe('https://laurel.dev/problems/validation');
    expect(JSON.stringify(res.json().errors)).toContain(message);
  });

  it('verify refuses the same credentials when an attacker signs them anyway', async () => {
    // Sign a conforming credential, then break each rule under a fresh (valid) signature by the
    // same issuer key: the proof verifies, the data model does not.
    const issued = (await issue({ credential: credential() })).json().verifiableCredential as JsonObject;
    expect((await verify({ verifiableCredential: issued })).statusCode).toBe(200);
    for (const [name, extra, message] of negatives) {
      const broken = { ...structuredClone(issued), ...extra };
      const res = await verify({ verifiableCredential: broken });
      expect(res.statusCode, name).toBe(400);
      const schema = res.json().results.find((r: { name: string }) => r.name === 'schema');
      expect(schema, name).toMatchObject({ ok: false });
      expect(schema.reason, name).toContain(message);
    }
    const mismatch = { ...structuredClone(issued), relatedResource: [{ id: EXAMPLES, digestSRI: `sha384-${createHash('sha384').update('other').digest('base64')}` }] };
    const res = await verify({ verifiableCredential: mismatch });
    expect(res.json().results.find((r: { name: string }) => r.name === 'schema')).toMatchObject({ ok: false, code: 'related-resource-digest-mismatch', params: { url: EXAMPLES } });
  });

  it('POST /api/v1/verify applies the same rules (the core verifier)', async () => {
    const issued = (await issue({ credential: credential() })).json().verifiableCredential as JsonObject;
    const broken = { ...structuredClone(issued), termsOfUse: { id: 'http://example.com/policies/credential/4' }, credentialSubject: [{}] };
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/verify', payload: { credential: broken } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().valid).toBe(false);
    const schema = res.json().checks.find((c: { name: string }) => c.name === 'schema');
    expect(schema).toMatchObject({ ok: false, code: 'schema-invalid' });
    expect(schema.reason).toContain('termsOfUse[0] must have a type');
    expect(schema.reason).toContain('credentialSubject[0] must make at least one claim');
  });

  it('issues and verifies VC 1.1 credentials (issuanceDate, the v1 context), which Digital Bazaar verifies too', async () => {
    const v1: JsonObject = {
      '@context': [V1],
      id: 'http://example.edu/credentials/1872',
      type: ['VerifiableCredential'],
      issuer: did,
      issuanceDate: '2010-01-01T19:23:24Z',
      credentialSubject: { id: 'did:example:ebfeb1f712ebc6f1c276e12ec21' },
    };
    const res = await issue({ credential: v1 });
    expect(res.statusCode, res.body).toBe(201);
    const signed = res.json().verifiableCredential;
    // The Data Integrity context the proof's terms need is added after the v1 context.
    expect(signed['@context']).toEqual([V1, DI_V2]);
    expect(signed.issuanceDate).toBe('2010-01-01T19:23:24Z');
    const checked = await verify({ verifiableCredential: signed });
    expect(checked.statusCode, checked.body).toBe(200);
    const result = await vc.verifyCredential({ credential: signed, suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }), documentLoader: createDocumentLoader({ resolveDid }) });
    expect(result.verified, JSON.stringify(result.error)).toBe(true);

    // Without issuanceDate the issuer dates it now, as VC 1.1 requires one.
    const undated = await issue({ credential: { ...v1, issuanceDate: undefined } });
    expect(undated.statusCode, undated.body).toBe(201);
    expect(undated.json().verifiableCredential.issuanceDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    // VC 1.1 rules still hold.
    expect((await issue({ credential: { ...v1, issuanceDate: 'last year' } })).statusCode).toBe(400);
    expect((await issue({ credential: { ...v1, credentialSubject: {} } })).statusCode).toBe(400);
    // The first context must be v2 or v1, nothing else.
    expect((await issue({ credential: { ...v1, '@context': [EXAMPLES, V1] } })).statusCode).toBe(400);
  });

  it('refuses a request body, or a verifiableCredential, that is JSON text rather than an object', async () => {
    const signed = (await issue({ credential: credential() })).json().verifiableCredential;
    const json = { 'content-type': 'application/json' };
    const cases: Array<[string, string, string]> = [
      ['verify: the whole body a JSON string', '/vc/credentials/verify', JSON.stringify(JSON.stringify({ verifiableCredential: signed }))],
      ['verify: verifiableCredential a JSON string', '/vc/credentials/verify', JSON.stringify({ verifiableCredential: JSON.stringify(signed) })],
      ['verify: verifiableCredential JSON text with leading space', '/vc/credentials/verify', JSON.stringify({ verifiableCredential: `  ${JSON.stringify(signed)}` })],
      ['issue: the whole body a JSON string', '/vc/credentials/issue', JSON.stringify(JSON.stringify({ credential: credential() }))],
      ['issue: credential a JSON string', '/vc/credentials/issue', JSON.stringify({ credential: JSON.stringify(credential()) })],
    ];
    for (const [name, url, payload] of cases) {
      const res = await api.post(url, payload, json);
      expect(res.statusCode, `${name}: ${res.body}`).toBe(400);
      expect(res.headers['content-type'], name).toContain('application/problem+json');
      expect(res.json().type, name).toBe('https://laurel.dev/problems/validation');
      expect(res.json().verified, name).not.toBe(true);
    }
  });
});
