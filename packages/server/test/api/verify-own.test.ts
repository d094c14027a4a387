import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, minimalCredential, type ApiClient, type TestContext, organisationWithAchievement } from '../support/test-app.js';

// Laurel's own credentials verify through the public verifier and the VC-API without any network:
// its documents (DID, status lists, hosted assertions) are read in-process.
describe('verifying Laurel-issued credentials in every form', () => {
  let ctx: TestContext;
  let api: ApiClient;
  let credentialId: string;

  beforeAll(async () => {
    ctx = await createTestApp('sqlite');
    const organisation = await organisationWithAchievement(ctx.app);
    api = organisation.api;
    credentialId = (await api.post('/api/v1/credentials', minimalCredential(organisation.achievementId, 'ada@example.org'))).json().id;
  });
  afterAll(async () => ctx?.close());

  const verify = (payload: unknown, contentType = 'application/json') =>
    ctx.app.inject({ method: 'POST', url: '/api/v1/verify?recipient=ada@example.org', payload: payload as string, headers: { 'content-type': contentType } });

  it('OB 3.0 JSON-LD, VC-JWT, OB 2.0 JWS and the hosted OB 2.0 URL are valid and awarded to the right person', async () => {
    const forms: [string, unknown, string][] = [
      ['ob3', (await api.get(`/api/v1/credentials/${credentialId}/export?format=ob3`)).json(), 'application/json'],
      ['vc-jwt', (await api.get(`/api/v1/credentials/${credentialId}/export?format=vc-jwt`)).body, 'text/plain'],
      ['ob2-jws', (await api.get(`/api/v1/credentials/${credentialId}/export?format=ob2-jws`)).body, 'text/plain'],
      ['hosted url', { url: `${ctx.deps.links.base}/ob2/assertions/${credentialId}` }, 'application/json'],
    ];
    for (const [name, payload, type] of forms) {
      const res = await verify(type === 'application/json' ? JSON.stringify(payload) : payload, type);
      expect(res.statusCode, `${name}: ${res.body}`).toBe(200);
      const report = res.json();
      expect(report.valid, `${name}: ${JSON.stringify(report.checks)}`).toBe(true);
      expect(report.recipient, name).toMatchObject({ checked: true, matches: true });
    }
  });

  it('reports revocation for each form after the credential is revoked', async () => {
    await api.post(`/api/v1/credentials/${credentialId}/revoke`, { reason: 'Issued in error' });
    const ob3 = (await api.get(`/api/v1/credentials/${credentialId}/export?format=ob3`)).json();
    const report = (await verify(JSON.stringify(ob3))).json();
    expect(report.valid).toBe(false);
    expect(report.checks.find((c: { name: string }) => c.name === 'status')).toMatchObject({ ok: false });
    const hosted = (await verify(JSON.stringify({ url: `${ctx.deps.links.base}/ob2/assertions/${credentialId}` }))).json();
    expect(hosted.valid).toBe(false);
    const vcApi = await ctx.app.inject({ method: 'POST', url: '/vc/credentials/verify', payload: { verifiableCredential: ob3 } });
    expect(vcApi.statusCode).toBe(400);
  });
});
