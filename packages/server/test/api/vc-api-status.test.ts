import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { createDocumentLoader, type JsonObject } from '@laurel/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../src/domain/organisations/create-organisation.js';
import { BASE_URL, ENGINES, PASSWORD, apiClient, createTestApp, minimalIssuer, setupOrganisation, type ApiClient, type TestContext } from '../support/test-app.js';
import { bitstringStatusCheck } from '../support/bitstring-status.js';

describe.each(ENGINES)('VC-API credential status (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let other: ApiClient;
  let issuerId: string;
  let did: string;
  let n = 0;

  const unsigned = (id = `urn:uuid:00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`): JsonObject => ({
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id,
    type: ['VerifiableCredential'],
    issuer: did,
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: { id: 'did:example:ebfeb1f712ebc6f1c276e12ec21' },
  });
  const issue = async (credentialStatus: unknown, credential = unsigned()) => api.post('/vc/credentials/issue', { credential, options: { credentialStatus } });
  const fetchPublic = (url: string, headers: Record<string, string> = {}) => ctx.app.inject({ method: 'GET', url: url.replace(BASE_URL, ''), headers });
  const verify = async (credential: unknown) => (await ctx.app.inject({ method: 'POST', url: '/vc/credentials/verify', payload: { verifiableCredential: credential } })).json();
  const statusOf = (body: { results: Array<{ name: string; ok: boolean; code: string }> }) => body.results.find((r) => r.name === 'status');

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    api = apiClient(ctx.app, (await setupOrganisation(ctx.app)).apiKey);
    issuerId = (await api.post('/api/v1/issuers', minimalIssuer)).json().id;
    did = ctx.deps.urls.didWeb(issuerId);
    const second = await createOrganisation(ctx.deps, { name: 'Other Org', owner: { email: 'owner@other.example', password: PASSWORD } });
    other = apiClient(ctx.app, second.apiKeySecret);
  });
  afterAll(async () => ctx?.close());

  it('adds revocation and suspension entries at one index of the issuer’s VC-API lists; Digital Bazaar verifies, and the status is active', async () => {
    const res = await issue([
      { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' },
      { type: 'BitstringStatusListEntry', statusPurpose: 'suspension' },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    const signed = res.json().verifiableCredential;
    const [revocation, suspension] = signed.credentialStatus;
    expect(revocation).toMatchObject({ type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListCredential: `${BASE_URL}/status/${issuerId}/vc/revocation` });
    expect(suspension).toMatchObject({ type: 'BitstringStatusListEntry', statusPurpose: 'suspension', statusListCredential: `${BASE_URL}/status/${issuerId}/vc/suspension` });
    expect(suspension.statusListIndex).toBe(revocation.statusListIndex);
    expect(revocation.id).toBe(`${revocation.statusListCredential}#${revocation.statusListIndex}`);

    const resolveDid = async (d: string) => (await ctx.app.inject({ method: 'GET', url: `/issuers/${d.split(':').pop()}/did.json` })).json();
    const documentLoader = createDocumentLoader({ resolveDid });
    const suite = () => new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
    const checkStatus = bitstringStatusCheck({
      fetchList: async (url) => (await fetchPublic(url)).json(),
      verifyList: (list) => vc.verifyCredential({ credential: list, suite: suite(), documentLoader }),
    });
    const result = await vc.verifyCredential({ credential: signed, suite: suite(), documentLoader, checkStatus });
    expect(result.verified, JSON.stringify(result.error)).toBe(true);
    // The published lists are signed BitstringStatusListCredentials of the same issuer, and verify too.
    for (const entry of [revocation, suspension]) {
      const list = (await fetchPublic(entry.statusListCredential)).json();
      expect(list).toMatchObject({ id: entry.statusListCredential, issuer: did, credentialSubject: { type: 'BitstringStatusList', statusPurpose: entry.statusPurpose } });
      expect((await vc.verifyCredential({ credential: list, suite: suite(), documentLoader })).verified).toBe(true);
    }
    const report = await verify(signed);
    expect(report.verified, JSON.stringify(report)).toBe(true);
    expect(statusOf(report)).toMatchObject({ ok: true, code: 'status-active' });
  });

  it('accepts a single object, and mirrors it', async () => {
    const res = await issue({ type: 'BitstringStatusListEntry', statusPurpose: 'suspension' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().verifiableCredential.credentialStatus).toMatchObject({ type: 'BitstringStatusListEntry', statusPurpose: 'suspension' });
  });

  it('gives a credential without id one, so that its status can be changed', async () => {
    const { id: _omitted, ...noId } = unsigned();
    const res = await issue([{ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' }], noId);
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().verifiableCredential.id;
    expect(id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    const set = await api.post('/vc/credentials/status', { credentialId: id, credentialStatus: [{ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' }] });
    expect(set.statusCode, set.body).toBe(200);
  });

  it('refuses status requests it cannot honour with a 400 problem, never ignoring them', async () => {
    const cases: Array<[string, unknown]> = [
      ['unknown method', [{ type: 'StatusList2021Entry', statusPurpose: 'revocation' }]],
      ['unknown purpose', [{ type: 'BitstringStatusListEntry', statusPurpose: 'refresh' }]],
      ['repeated purpose', [{ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' }, { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' }]],
      ['caller-chosen list', [{ type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '7' }]],
      ['not an object', ['revocation']],
      ['a string', 'revocation'],
    ];
    for (const [name, credentialStatus] of cases) {
      const res = await issue(credentialStatus);
      expect.soft(res.statusCode, `${name}: ${res.body}`).toBe(400);
      expect.soft(res.headers['content-type'], name).toContain('application/problem+json');
    }
    const both = await issue([{ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' }], { ...unsigned(), credentialStatus: { type: 'BitstringStatusListEntry' } });
    expect(both.statusCode, both.body).toBe(400);
  });

  it('refuses to give two credentials of the organisation the same id (their status would be one)', async () => {
    const credential = unsigned();
    expect((await issue([{ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' }], credential)).statusCode).toBe(201);
    const again = await issue([{ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' }], credential);
    expect(again.statusCode, again.body).toBe(409);
    expect(again.json().type).toBe('https://laurel.dev/problems/conflict');
  });

  it('POST /vc/credentials/status suspends and reinstates, revokes for good; the published list is signed again under a new ETag', async () => {
    const signed = (
      await issue([
        { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' },
        { type: 'BitstringStatusListEntry', statusPurpose: 'suspension' },
      ])
    ).json().verifiableCredential;
    const suspensionList = signed.credentialStatus[1].statusListCredential;
    const before = await fetchPublic(suspensionList);
    const etag = String(before.headers.etag);
    expect((await fetchPublic(suspensionList, { 'if-none-match': etag })).statusCode).toBe(304);

    const suspend = await api.post('/vc/credentials/status', { credentialId: signed.id, credentialStatus: [{ type: 'BitstringStatusListEntry', statusPurpose: 'suspension' }] });
    expect(suspend.statusCode, suspend.body).toBe(200);
    expect(suspend.json()).toEqual({ credentialId: signed.id, credentialStatus: [{ type: 'BitstringStatusListEntry', statusPurpose: 'suspension', status: true }] });
    const after = await fetchPublic(suspensionList, { 'if-none-match': etag });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(etag);
    expect(after.json().proof).toBeDefined();
    expect(after.json().credentialSubject.encodedList).not.toBe(before.json().credentialSubject.encodedList);
    let report = await verify(signed);
    expect(report.verified).toBe(false);
    expect(statusOf(report)).toMatchObject({ ok: false, code: 'status-suspended' });

    // An independent check written from the spec reads the same bit.
    const check = bitstringStatusCheck({ fetchList: async (url) => (await fetchPublic(url)).json(), verifyList: async () => ({ verified: true }) });
    expect(await check({ credential: { issuer: signed.issuer, credentialStatus: signed.credentialStatus[1] } })).toMatchObject({ verified: false });

    const reinstate = await api.post('/vc/credentials/status', { credentialId: signed.id, credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'suspension' }, status: false });
    expect(reinstate.statusCode, reinstate.body).toBe(200);
    report = await verify(signed);
    expect(report.verified, JSON.stringify(report)).toBe(true);

    const revoke = await api.post('/vc/credentials/status', { credentialId: signed.id, credentialStatus: [{ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' }], status: true });
    expect(revoke.statusCode).toBe(200);
    expect(statusOf(await verify(signed))).toMatchObject({ ok: false, code: 'status-revoked' });
    const unrevoke = await api.post('/vc/credentials/status', { credentialId: signed.id, credentialStatus: [{ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' }], status: false });
    expect(unrevoke.statusCode, unrevoke.body).toBe(409);
    expect(statusOf(await verify(signed))).toMatchObject({ ok: false, code: 'status-revoked' });

    const audit = await ctx.storage.db.selectFrom('audit_log').selectAll().where('action', '=', 'vc-api.status').execute();
    expect(audit.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(audit)).toContain(signed.id);
  });

  it('is organisation-scoped and authenticated; bad bodies are 400 problems', async () => {
    const signed = (await issue([{ type: 'BitstringStatusListEntry', statusPurpose: 'suspension' }])).json().verifiableCredential;
    const body = { credentialId: signed.id, credentialStatus: [{ type: 'BitstringStatusListEntry', statusPurpose: 'suspension' }] };
    const stranger = await other.post('/vc/credentials/status', body);
    expect(stranger.statusCode, stranger.body).toBe(404);
    expect(stranger.json().type).toBe('https://laurel.dev/problems/not-found');
    expect(statusOf(await verify(signed))).toMatchObject({ ok: true });
    expect((await ctx.app.inject({ method: 'POST', url: '/vc/credentials/status', payload: body })).statusCode).toBe(401);
    const viewerKey = (await api.post('/api/v1/api-keys', { name: 'viewer', role: 'viewer' })).json().secret;
    expect((await apiClient(ctx.app, viewerKey).post('/vc/credentials/status', body)).statusCode).toBe(403);
    expect((await api.post('/vc/credentials/status', { ...body, credentialId: 'urn:uuid:unknown' })).statusCode).toBe(404);
    const bad: unknown[] = [
      { ...body, credentialStatus: [{ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' }] }, // issued without one
      { ...body, credentialStatus: [] },
      { ...body, status: 'yes' },
      { ...body, extra: 1 },
      { credentialStatus: body.credentialStatus },
      '"a string"',
    ];
    for (const payload of bad) {
      const res = await api.post('/vc/credentials/status', payload, { 'content-type': 'application/json' });
      expect.soft(res.statusCode, `${JSON.stringify(payload)}: ${res.body}`).toBe(400);
      expect.soft(res.headers['content-type']).toContain('application/problem+json');
    }
  });
});
