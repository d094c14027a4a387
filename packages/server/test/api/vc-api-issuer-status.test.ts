/**
 * An issuer configured to add status entries to every VC-API credential (`vcApiStatusPurposes`), as
 * the Bitstring Status List suite expects of an issuer it is pointed at: `POST /vc/credentials/issue`
 * without any status option still gives the credential its entries, on the issuer's VC-API lists.
 */
import type { JsonObject } from '@laurel/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../src/domain/organisations/create-organisation.js';
import { ENGINES, PASSWORD, apiClient, createTestApp, minimalIssuer, setupOrganisation, type ApiClient, type TestContext } from '../support/test-app.js';

describe.each(ENGINES)('VC-API status entries by issuer configuration (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let issuerId: string;
  let did: string;
  let n = 0;

  const unsigned = (extra: JsonObject = {}): JsonObject => ({
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: `urn:uuid:5a0c8e1e-2b7d-4c3a-9f00-${String(++n).padStart(12, '0')}`,
    type: ['VerifiableCredential'],
    issuer: did,
    credentialSubject: { id: 'did:example:ebfeb1f712ebc6f1c276e12ec21' },
    ...extra,
  });
  const issue = (body: JsonObject) => api.post('/vc/credentials/issue', body);

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    api = apiClient(ctx.app, (await setupOrganisation(ctx.app)).apiKey);
    issuerId = (await api.post('/api/v1/issuers', minimalIssuer)).json().id;
    did = ctx.deps.urls.didWeb(issuerId);
  });
  afterAll(async () => ctx?.close());

  it('is off by default: an issuer adds no status unless asked', async () => {
    expect((await api.get(`/api/v1/issuers/${issuerId}`)).json().vcApiStatusPurposes).toEqual([]);
    const res = await issue({ credential: unsigned() });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().verifiableCredential.credentialStatus).toBeUndefined();
  });

  it('once set through PATCH /api/v1/issuers/:id, every VC-API credential of the issuer gets the entries, and they work', async () => {
    const set = await api.patch(`/api/v1/issuers/${issuerId}`, { vcApiStatusPurposes: ['revocation'] });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().vcApiStatusPurposes).toEqual(['revocation']);
    expect((await api.get(`/api/v1/issuers/${issuerId}`)).json().vcApiStatusPurposes).toEqual(['revocation']);

    const res = await issue({ credential: unsigned() });
    expect(res.statusCode, res.body).toBe(201);
    const signed = res.json().verifiableCredential;
    expect(signed.credentialStatus).toMatchObject({ type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListCredential: expect.stringContaining(`/status/${issuerId}/vc/revocation`) });
    const verify = async () => (await ctx.app.inject({ method: 'POST', url: '/vc/credentials/verify', payload: { verifiableCredential: signed } })).json();
    expect((await verify()).verified).toBe(true);
    const revoke = await api.post('/vc/credentials/status', { credentialId: signed.id, credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' } });
    expect(revoke.statusCode, revoke.body).toBe(200);
    expect((await verify()).verified).toBe(false);

    const both = await api.patch(`/api/v1/issuers/${issuerId}`, { vcApiStatusPurposes: ['revocation', 'suspension'] });
    expect(both.statusCode, both.body).toBe(200);
    const two = (await issue({ credential: unsigned() })).json().verifiableCredential;
    expect(two.credentialStatus.map((e: JsonObject) => e.statusPurpose)).toEqual(['revocation', 'suspension']);
  });

  it('the request still decides when it says something: an explicit options.credentialStatus, or the credential’s own entry', async () => {
    await api.patch(`/api/v1/issuers/${issuerId}`, { vcApiStatusPurposes: ['revocation', 'suspension'] });
    const onlySuspension = await issue({ credential: unsigned(), options: { credentialStatus: [{ type: 'BitstringStatusListEntry', statusPurpose: 'suspension' }] } });
    expect(onlySuspension.json().verifiableCredential.credentialStatus).toEqual([expect.objectContaining({ statusPurpose: 'suspension' })]);
    const none = await issue({ credential: unsigned(), options: { credentialStatus: [] } });
    expect(none.statusCode, none.body).toBe(201);
    expect(none.json().verifiableCredential.credentialStatus).toBeUndefined();
    const own = { id: 'https://status.example/3#94567', type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '94567', statusListCredential: 'https://status.example/3' };
    const theirs = await issue({ credential: unsigned({ credentialStatus: own }) });
    expect(theirs.statusCode, theirs.body).toBe(201);
    expect(theirs.json().verifiableCredential.credentialStatus).toEqual(own);
  });

  it('refuses purposes it cannot honour, and only an issuer writer of the organisation may change it', async () => {
    for (const bad of [['refresh'], ['revocation', 'revocation'], 'revocation', [1]]) {
      const res = await api.patch(`/api/v1/issuers/${issuerId}`, { vcApiStatusPurposes: bad });
      expect.soft(res.statusCode, `${JSON.stringify(bad)}: ${res.body}`).toBe(400);
      expect.soft(res.headers['content-type']).toContain('application/problem+json');
    }
    const viewerKey = (await api.post('/api/v1/api-keys', { name: 'viewer', role: 'viewer' })).json().secret;
    expect((await apiClient(ctx.app, viewerKey).patch(`/api/v1/issuers/${issuerId}`, { vcApiStatusPurposes: [] })).statusCode).toBe(403);
    const stranger = await createOrganisation(ctx.deps, { name: 'Other Org', owner: { email: 'owner@other.example', password: PASSWORD } });
    expect((await apiClient(ctx.app, stranger.apiKeySecret).patch(`/api/v1/issuers/${issuerId}`, { vcApiStatusPurposes: [] })).statusCode).toBe(404);
    expect((await api.get(`/api/v1/issuers/${issuerId}`)).json().vcApiStatusPurposes).toEqual(['revocation', 'suspension']);
  });

  it('can be chosen when the issuer is created', async () => {
    const res = await api.post('/api/v1/issuers', { ...minimalIssuer, vcApiStatusPurposes: ['suspension'] });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().vcApiStatusPurposes).toEqual(['suspension']);
  });
});
