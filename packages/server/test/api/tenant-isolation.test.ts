import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../src/domain/organisations/create-organisation.js';
import { BASE_URL, ENGINES, PASSWORD, addMemberByInvitation, apiClient, createTestApp, minimalAchievement, minimalCredential, minimalIssuer, setupOrganisation, type ApiClient, type TestContext } from '../support/test-app.js';

interface Tenant {
  api: ApiClient;
  endorsementId: string;
  evidenceFileId: string;
  issuerId: string;
  achievementId: string;
  credentialId: string;
  apiKeyId: string;
  memberId: string;
  keyId: string;
  bulkImportId: string;
  migrationImportId: string;
  imageId: string;
  webhookId: string;
  invitationId: string;
  recipientKey: string;
  oauthClientId: string;
  ruleId: string;
  eventId: string;
  eventSourceId: string;
  ltiPlatformId: string;
  hookId: string;
  claimCodeId: string;
  ssoConnectionId: string;
}

const ssoConnection = (label: string) => ({ protocol: 'oidc', name: `${label} IdP`, slug: `${label}-sso`, domains: [`${label}.sso.example`], oidc: { issuer: `https://idp.${label}.example`, clientId: label, clientSecret: 'secret' } });

async function populate(ctx: TestContext, api: ApiClient, label: string): Promise<Tenant> {
  const issuerId = (await api.post('/api/v1/issuers', { ...minimalIssuer, name: `${label} issuer` })).json().id;
  const achievementId = (await api.post('/api/v1/achievements', minimalAchievement(issuerId))).json().id;
  const credentialId = (await api.post('/api/v1/credentials', minimalCredential(achievementId, `${label}@example.org`))).json().id;
  const apiKeyId = (await api.post('/api/v1/api-keys', { name: `${label} key`, role: 'viewer' })).json().id;
  const { userId: memberId } = await addMemberByInvitation(ctx, api, `${label}-viewer@example.org`, 'viewer');
  const invitationId = (await api.post('/api/v1/invitations', { email: `${label}-invited@example.org`, role: 'viewer' })).json().id;
  const keyId = (await api.get(`/api/v1/issuers/${issuerId}/keys`)).json().items[0].id;
  const bulkImportId = (await api.post(`/api/v1/achievements/${achievementId}/bulk`, { csv: `email\n${label}-bulk@example.org\n` })).json().import.id;
  const migrationImportId = (await api.post('/api/v1/imports', { issuerId, source: 'csv', csv: `id,email,achievement,issued_on\n${label}-1,${label}-import@example.org,Imported,2020-01-01\n` })).json().id;
  const imageId = (await api.post('/api/v1/images/generate', { shape: 'circle', primary: '#2b6cb0', secondary: '#bee3f8', icon: 'star', title: label })).json().id;
  // A syntactically fine, public-looking URL is enough: creation checks it through the injected transport below.
  const webhookId = (await api.post('/api/v1/webhooks', { url: `https://hooks.${label}.example/laurel`, events: ['credential.issued'] })).json().id;
  const recipientKey = (await api.get(`/api/v1/recipients?q=${label}@example.org`)).json().items[0].key;
  const oauthClientRes = await api.post('/api/v1/oauth-clients', { name: `${label} client`, scopes: ['laurel.read'] });
  expect(oauthClientRes.statusCode, oauthClientRes.body).toBe(201);
  const oauthClientId = oauthClientRes.json().clientId;
  const ruleId = (await api.post(`/api/v1/achievements/${achievementId}/rules`, { name: `${label} rule`, eventType: 'course.completed' })).json().id;
  const eventId = (await api.post('/api/v1/events', { id: `${label}-event`, type: 'course.completed', occurredAt: new Date().toISOString(), subject: { email: `${label}-event@example.org` }, data: {} })).json().id;
  const eventSourceId = (await api.post('/api/v1/event-sources', { name: `${label} source` })).json().id;
  const ltiPlatformId = (await api.post('/api/v1/lti/platforms', { name: `${label} LMS`, issuer: `https://lms.${label}.example`, clientId: 'c', deploymentIds: ['1'], authLoginUrl: `https://lms.${label}.example/auth`, jwksUrl: `https://lms.${label}.example/jwks`, tokenUrl: `https://lms.${label}.example/token` })).json().id;
  const hookRes = await api.post('/api/v1/hooks', { targetUrl: `https://hooks.${label}.example/zap`, event: 'credential.issued' });
  expect(hookRes.statusCode, hookRes.body).toBe(201);
  const hookId = hookRes.json().id;
  const claimCodeRes = await api.post(`/api/v1/achievements/${achievementId}/claim-codes`, { expiresAt: '2099-01-01T00:00:00Z', maxUses: 5 });
  expect(claimCodeRes.statusCode, claimCodeRes.body).toBe(201);
  const claimCodeId = claimCodeRes.json().id;
  const ssoRes = await api.post('/api/v1/organisation/sso-connections', ssoConnection(label));
  expect(ssoRes.statusCode, ssoRes.body).toBe(201);
  const ssoConnectionId = ssoRes.json().id;
  const endorsementRes = await api.post('/api/v1/endorsements', { endorserIssuerId: issuerId, subject: { type: 'achievement', id: `${BASE_URL}/ob3/achievements/${achievementId}` }, comment: `${label} endorses` });
  expect(endorsementRes.statusCode, endorsementRes.body).toBe(201);
  const endorsementId = endorsementRes.json().id;
  const evidenceRes = await api.post(`/api/v1/evidence-files?name=${label}.pdf`, Buffer.from(`%PDF-1.4 ${label}`), { 'content-type': 'application/pdf' });
  expect(evidenceRes.statusCode, evidenceRes.body).toBe(201);
  const evidenceFileId = evidenceRes.json().id;
  const ids = { issuerId, achievementId, credentialId, apiKeyId, memberId, keyId, bulkImportId, migrationImportId, imageId, webhookId, invitationId, recipientKey, oauthClientId, ruleId, eventId, eventSourceId, ltiPlatformId, hookId, claimCodeId, ssoConnectionId, endorsementId, evidenceFileId };
  for (const [name, id] of Object.entries(ids)) expect(id, name).toEqual(expect.any(String));
  return { api, ...ids };
}

describe.each(ENGINES)('tenant isolation (%s)', (engine) => {
  let ctx: TestContext;
  let a: Tenant;
  let b: Tenant;

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    // No DNS in tests: every webhook host counts as public here (the SSRF checks have their own tests).
    ctx.deps.webhookTransport = { refuse: async () => null, post: async () => ({ status: 200 }) };
    const { apiKey } = await setupOrganisation(ctx.app);
    const other = await createOrganisation(ctx.deps, { name: 'Other Org', owner: { email: 'owner@other.example', password: PASSWORD } });
    a = await populate(ctx, apiClient(ctx.app, apiKey), 'a');
    b = await populate(ctx, apiClient(ctx.app, other.apiKeySecret), 'b');
  });
  afterAll(async () => ctx?.close());

  /** Every authenticated route with a path parameter, called with the other organisation's id. */
  const walk = (t: Tenant): Record<string, { method: string; url: string; body?: unknown }> => ({
    'GET /api/v1/issuers/{id}': { method: 'GET', url: `/api/v1/issuers/${t.issuerId}` },
    'PATCH /api/v1/issuers/{id}': { method: 'PATCH', url: `/api/v1/issuers/${t.issuerId}`, body: { name: 'hijacked' } },
    'GET /api/v1/achievements/{id}/preview': { method: 'GET', url: `/api/v1/achievements/${t.achievementId}/preview` },
    'GET /api/v1/achievements/{id}': { method: 'GET', url: `/api/v1/achievements/${t.achievementId}` },
    'PATCH /api/v1/achievements/{id}': { method: 'PATCH', url: `/api/v1/achievements/${t.achievementId}`, body: { name: 'hijacked' } },
    'GET /api/v1/credentials/{id}': { method: 'GET', url: `/api/v1/credentials/${t.credentialId}` },
    'POST /api/v1/credentials/{id}/revoke': { method: 'POST', url: `/api/v1/credentials/${t.credentialId}/revoke`, body: { reason: 'hijacked' } },
    'POST /api/v1/credentials/{id}/suspend': { method: 'POST', url: `/api/v1/credentials/${t.credentialId}/suspend`, body: {} },
    'POST /api/v1/credentials/{id}/reinstate': { method: 'POST', url: `/api/v1/credentials/${t.credentialId}/reinstate` },
    'POST /api/v1/credentials/{id}/notify': { method: 'POST', url: `/api/v1/credentials/${t.credentialId}/notify` },
    'GET /api/v1/credentials/{id}/export': { method: 'GET', url: `/api/v1/credentials/${t.credentialId}/export?format=ob3` },
    'GET /api/v1/credentials/{id}/image': { method: 'GET', url: `/api/v1/credentials/${t.credentialId}/image?version=3&format=png` },
    'GET /api/v1/issuers/{id}/keys': { method: 'GET', url: `/api/v1/issuers/${t.issuerId}/keys` },
    'POST /api/v1/issuers/{id}/keys/rotate': { method: 'POST', url: `/api/v1/issuers/${t.issuerId}/keys/rotate` },
    'POST /api/v1/issuers/{id}/keys/{keyId}/retire': { method: 'POST', url: `/api/v1/issuers/${t.issuerId}/keys/${t.keyId}/retire`, body: {} },
    'POST /api/v1/achievements/{id}/bulk': { method: 'POST', url: `/api/v1/achievements/${t.achievementId}/bulk`, body: { csv: 'email\nx@example.org\n' } },
    'GET /api/v1/bulk-imports/{id}': { method: 'GET', url: `/api/v1/bulk-imports/${t.bulkImportId}` },
    'GET /api/v1/bulk-imports/{id}/report.csv': { method: 'GET', url: `/api/v1/bulk-imports/${t.bulkImportId}/report.csv` },
    'POST /api/v1/api-keys/{id}/revoke': { method: 'POST', url: `/api/v1/api-keys/${t.apiKeyId}/revoke` },
    'PATCH /api/v1/members/{userId}': { method: 'PATCH', url: `/api/v1/members/${t.memberId}`, body: { role: 'owner' } },
    'DELETE /api/v1/members/{userId}': { method: 'DELETE', url: `/api/v1/members/${t.memberId}` },
    'DELETE /api/v1/invitations/{id}': { method: 'DELETE', url: `/api/v1/invitations/${t.invitationId}` },
    'GET /api/v1/images/{id}': { method: 'GET', url: `/api/v1/images/${t.imageId}` },
    'DELETE /api/v1/images/{id}': { method: 'DELETE', url: `/api/v1/images/${t.imageId}` },
    'GET /api/v1/webhooks/{id}': { method: 'GET', url: `/api/v1/webhooks/${t.webhookId}` },
    'PATCH /api/v1/webhooks/{id}': { method: 'PATCH', url: `/api/v1/webhooks/${t.webhookId}`, body: { url: 'https://hijacked.example/x' } },
    'DELETE /api/v1/webhooks/{id}': { method: 'DELETE', url: `/api/v1/webhooks/${t.webhookId}` },
    'POST /api/v1/webhooks/{id}/rotate-secret': { method: 'POST', url: `/api/v1/webhooks/${t.webhookId}/rotate-secret` },
    'GET /api/v1/webhooks/{id}/deliveries': { method: 'GET', url: `/api/v1/webhooks/${t.webhookId}/deliveries` },
    'GET /api/v1/credentials/{id}/history': { method: 'GET', url: `/api/v1/credentials/${t.credentialId}/history` },
    'GET /api/v1/credentials/{id}/certificate.pdf': { method: 'GET', url: `/api/v1/credentials/${t.credentialId}/certificate.pdf` },
    'GET /api/v1/recipients/{key}/credentials': { method: 'GET', url: `/api/v1/recipients/${t.recipientKey}/credentials` },
    'POST /api/v1/webhooks/{id}/test': { method: 'POST', url: `/api/v1/webhooks/${t.webhookId}/test` },
    'POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver': { method: 'POST', url: `/api/v1/webhooks/${t.webhookId}/deliveries/${t.webhookId}/redeliver` },
    'PUT /api/v1/certificate-templates/{target}': { method: 'PUT', url: `/api/v1/certificate-templates/achievement:${t.achievementId}`, body: { orientation: 'portrait', pageSize: 'auto', accentColor: null, inkColor: '#1f1535', title: null, logoImageId: null, seal: 'none', sealImageId: null, signatories: [] } },
    'DELETE /api/v1/certificate-templates/{target}': { method: 'DELETE', url: `/api/v1/certificate-templates/achievement:${t.achievementId}` },
    // A renewal request needs an earner's session to exist; certification-renewal.test.ts makes one in another organisation.
    'POST /api/v1/renewal-requests/{id}/approve': { method: 'POST', url: `/api/v1/renewal-requests/${t.credentialId}/approve` },
    'POST /api/v1/renewal-requests/{id}/refuse': { method: 'POST', url: `/api/v1/renewal-requests/${t.credentialId}/refuse`, body: { reason: 'hijacked' } },
    'POST /api/v1/oauth-clients/{id}/revoke': { method: 'POST', url: `/api/v1/oauth-clients/${t.oauthClientId}/revoke` },
    'GET /api/v1/achievements/{id}/rules': { method: 'GET', url: `/api/v1/achievements/${t.achievementId}/rules` },
    'POST /api/v1/achievements/{id}/rules': { method: 'POST', url: `/api/v1/achievements/${t.achievementId}/rules`, body: { name: 'hijacked', eventType: 'x' } },
    'PUT /api/v1/achievements/{id}/rules/{ruleId}': { method: 'PUT', url: `/api/v1/achievements/${t.achievementId}/rules/${t.ruleId}`, body: { name: 'hijacked', eventType: 'x' } },
    'DELETE /api/v1/achievements/{id}/rules/{ruleId}': { method: 'DELETE', url: `/api/v1/achievements/${t.achievementId}/rules/${t.ruleId}` },
    'POST /api/v1/achievements/{id}/rules/test': { method: 'POST', url: `/api/v1/achievements/${t.achievementId}/rules/test`, body: { rule: { eventType: 'x' }, event: { id: 'e', type: 'x', occurredAt: new Date().toISOString(), subject: { email: 'x@example.org' }, data: {} } } },
    'GET /api/v1/events/{id}': { method: 'GET', url: `/api/v1/events/${t.eventId}` },
    'DELETE /api/v1/event-sources/{id}': { method: 'DELETE', url: `/api/v1/event-sources/${t.eventSourceId}` },
    'POST /api/v1/recipients/{key}/erase': { method: 'POST', url: `/api/v1/recipients/${t.recipientKey}/erase` },
    'GET /api/v1/lti/platforms/{id}': { method: 'GET', url: `/api/v1/lti/platforms/${t.ltiPlatformId}` },
    'DELETE /api/v1/lti/platforms/{id}': { method: 'DELETE', url: `/api/v1/lti/platforms/${t.ltiPlatformId}` },
    'DELETE /api/v1/hooks/{id}': { method: 'DELETE', url: `/api/v1/hooks/${t.hookId}` },
    'POST /api/v1/achievements/{id}/claim-codes': { method: 'POST', url: `/api/v1/achievements/${t.achievementId}/claim-codes`, body: { expiresAt: '2099-01-01T00:00:00Z', maxUses: 1 } },
    'POST /api/v1/claim-codes/{id}/withdraw': { method: 'POST', url: `/api/v1/claim-codes/${t.claimCodeId}/withdraw` },
    'GET /api/v1/imports/{id}': { method: 'GET', url: `/api/v1/imports/${t.migrationImportId}` },
    'PUT /api/v1/organisation/sso-connections/{id}': { method: 'PUT', url: `/api/v1/organisation/sso-connections/${t.ssoConnectionId}`, body: { ...ssoConnection('hijacked'), oidc: { issuer: 'https://evil.example', clientId: 'x' } } },
    'DELETE /api/v1/organisation/sso-connections/{id}': { method: 'DELETE', url: `/api/v1/organisation/sso-connections/${t.ssoConnectionId}` },
    'POST /api/v1/organisation/sso-connections/{id}/sp-key/prepare': { method: 'POST', url: `/api/v1/organisation/sso-connections/${t.ssoConnectionId}/sp-key/prepare` },
    'POST /api/v1/organisation/sso-connections/{id}/sp-key/switch': { method: 'POST', url: `/api/v1/organisation/sso-connections/${t.ssoConnectionId}/sp-key/switch` },
    'POST /api/v1/organisation/sso-connections/{id}/sp-key/retire': { method: 'POST', url: `/api/v1/organisation/sso-connections/${t.ssoConnectionId}/sp-key/retire` },
    'GET /api/v1/endorsements/{id}': { method: 'GET', url: `/api/v1/endorsements/${t.endorsementId}` },
    'POST /api/v1/endorsements/{id}/revoke': { method: 'POST', url: `/api/v1/endorsements/${t.endorsementId}/revoke` },
    'POST /api/v1/endorsements/{id}/hide': { method: 'POST', url: `/api/v1/endorsements/${t.endorsementId}/hide` },
    'GET /api/v1/evidence-files/{id}': { method: 'GET', url: `/api/v1/evidence-files/${t.evidenceFileId}` },
    'GET /api/v1/evidence-files/{id}/content': { method: 'GET', url: `/api/v1/evidence-files/${t.evidenceFileId}/content` },
  });

  it("answers 404 on every route given another organisation's ids", async () => {
    const calls = walk(b);
    for (const [name, call] of Object.entries(calls)) {
      const res = await a.api.request(call.method as 'GET', call.url, call.body);
      expect.soft(res.statusCode, name).toBe(404);
      expect.soft(res.json().type, name).toBe('https://laurel.dev/problems/not-found');
    }
    // Creating under another organisation's parents is refused the same way.
    expect((await a.api.post('/api/v1/achievements', minimalAchievement(b.issuerId))).statusCode).toBe(404);
    expect((await a.api.post('/api/v1/credentials', minimalCredential(b.achievementId))).statusCode).toBe(404);
  });

  it('walks every parametrised route the API has (a new route must join the walk)', async () => {
    const spec = (await ctx.app.inject({ method: 'GET', url: '/api/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const parametrised = Object.entries(spec.paths)
      // Earner routes and invitation links are scoped to the signed-in person or a secret token, not an organisation
      // (claim-flow.test.ts, account-takeover.test.ts); a claim code is its own secret and REST hook samples are
      // the same for everyone (connectors.test.ts, claim-codes.test.ts); single sign-on's ACS and SP metadata are public,
      // keyed by a connection id whose answer must be signed by that connection's IdP (sso-saml.test.ts); so are SAML
      // LogoutResponses and OIDC back-channel logout tokens (sso-saml-logout.test.ts, sso-oidc-logout.test.ts).
      // Earners' "Continue with Google" is public and keyed by a provider the operator configured (earner-oidc.test.ts).
      .filter(([path]) => path.startsWith('/api/v1/') && path.includes('{') && !/^\/api\/v1\/(claims|unsubscribe|me|join|public\/claim-codes|hooks\/samples|sso|session\/sso|session\/providers)\//.test(path))
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(parametrised).toEqual(Object.keys(walk(b)).sort());
  });

  it("keeps lists and filters to the caller's organisation, and changed nothing of the other's", async () => {
    for (const [path, id] of [['/api/v1/issuers', b.issuerId], ['/api/v1/achievements', b.achievementId], ['/api/v1/credentials', b.credentialId]] as const) {
      const items = (await a.api.get(path)).json().items as { id: string }[];
      expect(items.length).toBeGreaterThan(0);
      expect(items.map((i) => i.id)).not.toContain(id);
    }
    expect((await a.api.get(`/api/v1/credentials?achievementId=${b.achievementId}`)).json().items).toEqual([]);
    expect((await a.api.get(`/api/v1/achievements?issuerId=${b.issuerId}`)).json().items).toEqual([]);
    expect((await a.api.get('/api/v1/credentials?recipient=b@example.org')).json().items).toEqual([]);
    expect((await a.api.get('/api/v1/members')).json().items.map((m: { userId: string }) => m.userId)).not.toContain(b.memberId);
    expect((await a.api.get('/api/v1/api-keys')).json().items.map((k: { id: string }) => k.id)).not.toContain(b.apiKeyId);
    expect((await a.api.get('/api/v1/webhooks')).json().items.map((w: { id: string }) => w.id)).not.toContain(b.webhookId);

    // b's resources are untouched by a's attempts.
    expect((await b.api.get(`/api/v1/issuers/${b.issuerId}`)).json().name).toBe('b issuer');
    expect((await b.api.get(`/api/v1/achievements/${b.achievementId}`)).json().name).toBe('Intro to Rust');
    expect((await b.api.get(`/api/v1/credentials/${b.credentialId}`)).json().status).toBe('active');
    expect((await b.api.get(`/api/v1/issuers/${b.issuerId}/keys`)).json().items.map((k: { status: string }) => k.status)).toEqual(['active', 'active']);
    expect((await b.api.get('/api/v1/api-keys')).json().items.find((k: { id: string }) => k.id === b.apiKeyId).revokedAt).toBeNull();
    expect((await b.api.get('/api/v1/members')).json().items.find((m: { userId: string }) => m.userId === b.memberId).role).toBe('viewer');
    expect((await b.api.get(`/api/v1/webhooks/${b.webhookId}`)).json().url).toBe('https://hooks.b.example/laurel');
    expect((await b.api.get('/api/v1/invitations')).json().items.map((i: { id: string }) => i.id)).toContain(b.invitationId);
    expect((await a.api.get('/api/v1/invitations')).json().items.map((i: { id: string }) => i.id)).not.toContain(b.invitationId);
  });
});
