import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../src/domain/organisations/create-organisation.js';
import { testClock, viaApp } from '../support/oauth.js';
import { BASE_URL, ENGINES, PASSWORD, addMemberByInvitation, invitationToken, apiClient, createTestApp, minimalAchievement, minimalCredential, minimalIssuer, setupOrganisation, type ApiClient, type TestContext } from '../support/test-app.js';

/** A machine client made in the console, configured in openid-client from the server's RFC 8414 metadata. */
async function configure(ctx: TestContext, created: { clientId: string; clientSecret: string }): Promise<client.Configuration> {
  return client.discovery(new URL(BASE_URL), created.clientId, created.clientSecret, client.ClientSecretBasic(), viaApp(ctx.app));
}

/** invalid_client over HTTP Basic: 401 with a Basic challenge (RFC 6749 §5.2), which openid-client reports as such. */
const INVALID_CLIENT = { status: 401, code: 'OAUTH_WWW_AUTHENTICATE_CHALLENGE', cause: [{ scheme: 'basic' }] };

const bearer = (ctx: TestContext, token: string): ApiClient => apiClient(ctx.app, token);

describe.each(ENGINES)('OAuth 2.0 machine clients: client credentials grant on /api/v1 (%s)', (engine) => {
  let ctx: TestContext;
  let owner: ApiClient;
  let other: ApiClient;
  const clock = testClock();
  let issuerId: string;
  let otherIssuerId: string;
  let achievementId: string;
  let otherIssuerAchievementId: string;
  let credentialId: string;
  let foreignCredentialId: string;

  const makeClient = async (body: Record<string, unknown>, as: ApiClient = owner) => {
    const res = await as.post('/api/v1/oauth-clients', { name: 'CRM sync', ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ clientId: string; clientSecret: string; scopes: string[] }>();
  };
  const tokenFor = async (body: Record<string, unknown>, scope?: string) => {
    const config = await configure(ctx, await makeClient(body));
    return (await client.clientCredentialsGrant(config, scope ? { scope } : {})).access_token;
  };

  beforeAll(async () => {
    ctx = await createTestApp(engine, { clock });
    owner = apiClient(ctx.app, (await setupOrganisation(ctx.app)).apiKey);
    issuerId = (await owner.post('/api/v1/issuers', minimalIssuer)).json().id;
    otherIssuerId = (await owner.post('/api/v1/issuers', { ...minimalIssuer, name: 'Second issuer' })).json().id;
    achievementId = (await owner.post('/api/v1/achievements', minimalAchievement(issuerId))).json().id;
    otherIssuerAchievementId = (await owner.post('/api/v1/achievements', minimalAchievement(otherIssuerId))).json().id;
    credentialId = (await owner.post('/api/v1/credentials', minimalCredential(achievementId))).json().id;
    const b = await createOrganisation(ctx.deps, { name: 'Other Org', owner: { email: 'owner@other.example', password: PASSWORD } });
    other = apiClient(ctx.app, b.apiKeySecret);
    const bIssuer = (await other.post('/api/v1/issuers', minimalIssuer)).json().id;
    const bAchievement = (await other.post('/api/v1/achievements', minimalAchievement(bIssuer))).json().id;
    foreignCredentialId = (await other.post('/api/v1/credentials', minimalCredential(bAchievement))).json().id;
  });
  afterAll(async () => ctx?.close());

  it('openid-client gets a token with the client credentials grant, and /api/v1 accepts it next to API keys', async () => {
    const created = await makeClient({ scopes: ['laurel.read', 'laurel.issue'] });
    expect(created.clientId).toMatch(/^lmc_/);
    expect(created.clientSecret).toMatch(/^lcs_/);
    const config = await configure(ctx, created);
    expect(config.serverMetadata().token_endpoint).toBe(`${BASE_URL}/oauth/token`);
    const tokens = await client.clientCredentialsGrant(config);
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.expires_in).toBe(900);
    expect(tokens.scope).toBe('laurel.read laurel.issue');
    expect(tokens.refresh_token).toBeUndefined();

    const api = bearer(ctx, tokens.access_token);
    expect((await api.get('/api/v1/credentials')).statusCode).toBe(200);
    const issued = await api.post('/api/v1/credentials', minimalCredential(achievementId, 'from-crm@example.org'));
    expect(issued.statusCode, issued.body).toBe(201);
    // The audit log names the client.
    const audit = (await owner.get('/api/v1/audit-log')).json().items as { actorType: string; actorId: string; action: string }[];
    expect(audit.find((e) => e.action === 'credential.issue' && e.actorType === 'oauth-client')?.actorId).toBe(created.clientId);
    // API keys keep working.
    expect((await owner.get('/api/v1/credentials')).statusCode).toBe(200);

    // The console lists the client with its last use, never its secret or hash.
    const listed = await owner.get('/api/v1/oauth-clients');
    const mine = listed.json().items.find((c: { clientId: string }) => c.clientId === created.clientId);
    expect(mine.lastUsedAt).toEqual(expect.any(String));
    expect(listed.body).not.toContain(created.clientSecret);
    expect(listed.body).not.toMatch(/secret_?hash|secretHash/i);
  });

  it('a token with laurel.read cannot issue; a client cannot ask for more than its own scopes', async () => {
    const readOnly = await makeClient({ scopes: ['laurel.read'] });
    const config = await configure(ctx, readOnly);
    const token = (await client.clientCredentialsGrant(config)).access_token;
    const refused = await bearer(ctx, token).post('/api/v1/credentials', minimalCredential(achievementId));
    expect(refused.statusCode).toBe(403);
    expect(refused.json().type).toBe('https://laurel.dev/problems/forbidden');
    await expect(client.clientCredentialsGrant(config, { scope: 'laurel.read laurel.issue' })).rejects.toMatchObject({ error: 'invalid_scope' });
    await expect(client.clientCredentialsGrant(config, { scope: 'laurel.admin' })).rejects.toMatchObject({ error: 'invalid_scope' });
    // Narrowing is fine.
    const narrow = await makeClient({ scopes: ['laurel.read', 'laurel.revoke'] });
    expect((await client.clientCredentialsGrant(await configure(ctx, narrow), { scope: 'laurel.read' })).scope).toBe('laurel.read');
  });

  it("a token of one organisation never reaches another's resources", async () => {
    const token = await tokenFor({ scopes: ['laurel.admin'] });
    const api = bearer(ctx, token);
    expect((await api.get(`/api/v1/credentials/${foreignCredentialId}`)).statusCode).toBe(404);
    expect((await api.post(`/api/v1/credentials/${foreignCredentialId}/revoke`, { reason: 'hijack' })).statusCode).toBe(404);
    const listed = (await api.get('/api/v1/credentials')).json().items as { id: string }[];
    expect(listed.map((c) => c.id)).not.toContain(foreignCredentialId);
    expect((await other.get(`/api/v1/credentials/${foreignCredentialId}`)).json().status).toBe('active');
    // Nor can another organisation's admin see or revoke this organisation's clients.
    const mine = (await owner.get('/api/v1/oauth-clients')).json().items[0].clientId;
    expect((await other.post(`/api/v1/oauth-clients/${mine}/revoke`)).statusCode).toBe(404);
    expect((await other.get('/api/v1/oauth-clients')).json().items).toEqual([]);
  });

  it('a client restricted to one issuer acts on that issuer only (its bulk awards too), and on nothing organisation-wide', async () => {
    const token = await tokenFor({ scopes: ['laurel.read', 'laurel.issue', 'laurel.revoke'], issuerId });
    const api = bearer(ctx, token);
    expect((await api.post('/api/v1/credentials', minimalCredential(achievementId, 'bound@example.org'))).statusCode).toBe(201);
    const elsewhere = await api.post('/api/v1/credentials', minimalCredential(otherIssuerAchievementId, 'bound@example.org'));
    expect(elsewhere.statusCode).toBe(403);
    const otherCredential = (await owner.post('/api/v1/credentials', minimalCredential(otherIssuerAchievementId, 'x@example.org'))).json().id;
    expect((await api.get(`/api/v1/credentials/${otherCredential}`)).statusCode).toBe(403);
    expect((await api.post(`/api/v1/credentials/${otherCredential}/revoke`, { reason: 'no' })).statusCode).toBe(403);
    const listed = (await api.get('/api/v1/credentials')).json().items as { id: string; issuerId: string }[];
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((c) => c.issuerId === issuerId)).toBe(true);
    expect((await api.get('/api/v1/issuers')).statusCode).toBe(403);
    // A bulk award is an award of its own issuer's achievement (as for an API key bound to one issuer); the list of
    // bulk imports spans the organisation.
    expect((await api.post(`/api/v1/achievements/${achievementId}/bulk`, { csv: 'email\nb@example.org\n' })).statusCode).toBe(202);
    expect((await api.post(`/api/v1/achievements/${otherIssuerAchievementId}/bulk`, { csv: 'email\nb@example.org\n' })).statusCode).toBe(403);
    expect((await api.get('/api/v1/bulk-imports')).statusCode).toBe(403);
    // laurel.admin cannot be bound to one issuer.
    expect((await owner.post('/api/v1/oauth-clients', { name: 'x', scopes: ['laurel.admin'], issuerId })).statusCode).toBe(400);
  });

  it('introspection tells a client about its own live tokens only; revocation ends a token at once', async () => {
    const a = await makeClient({ scopes: ['laurel.read'] });
    const configA = await configure(ctx, a);
    const token = (await client.clientCredentialsGrant(configA)).access_token;
    const info = await client.tokenIntrospection(configA, token);
    expect(info).toMatchObject({ active: true, client_id: a.clientId, scope: 'laurel.read', token_type: 'Bearer', iss: BASE_URL });
    const configB = await configure(ctx, await makeClient({ scopes: ['laurel.read'] }));
    expect(await client.tokenIntrospection(configB, token)).toEqual({ active: false });
    expect(await client.tokenIntrospection(configA, 'lat_made-up-token')).toEqual({ active: false });

    await expect(client.tokenRevocation(configB, token)).rejects.toMatchObject({ error: 'unauthorized_client' });
    expect((await bearer(ctx, token).get('/api/v1/credentials')).statusCode).toBe(200);
    await client.tokenRevocation(configA, token);
    const after = await bearer(ctx, token).get('/api/v1/credentials');
    expect(after.statusCode).toBe(401);
    expect(after.json().type).toBe('https://laurel.dev/problems/unauthenticated');
    expect(await client.tokenIntrospection(configA, token)).toEqual({ active: false });
  });

  it('tokens expire; a revoked client loses its tokens and its grant', async () => {
    const created = await makeClient({ scopes: ['laurel.read'] });
    const config = await configure(ctx, created);
    const token = (await client.clientCredentialsGrant(config)).access_token;
    clock.advance(901);
    expect((await bearer(ctx, token).get('/api/v1/credentials')).statusCode).toBe(401);

    const fresh = (await client.clientCredentialsGrant(config)).access_token;
    expect((await bearer(ctx, fresh).get('/api/v1/credentials')).statusCode).toBe(200);
    expect((await owner.post(`/api/v1/oauth-clients/${created.clientId}/revoke`)).statusCode).toBe(200);
    expect((await bearer(ctx, fresh).get('/api/v1/credentials')).statusCode).toBe(401);
    await expect(client.clientCredentialsGrant(config)).rejects.toMatchObject(INVALID_CLIENT);
  });

  it('a wrong secret is invalid_client (401 with a Basic challenge); forged and unknown tokens are 401', async () => {
    const created = await makeClient({ scopes: ['laurel.read'] });
    const wrong = await configure(ctx, { clientId: created.clientId, clientSecret: `${created.clientSecret}x` });
    await expect(client.clientCredentialsGrant(wrong)).rejects.toMatchObject(INVALID_CLIENT);
    const raw = await ctx.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { authorization: `Basic ${Buffer.from(`${created.clientId}:nope`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'grant_type=client_credentials',
    });
    expect(raw.statusCode).toBe(401);
    expect(raw.headers['www-authenticate']).toMatch(/^Basic /);
    expect(raw.json()).toMatchObject({ error: 'invalid_client' });
    expect((await bearer(ctx, 'lat_forged0000000000000000000000000000000000').get('/api/v1/credentials')).statusCode).toBe(401);
    // Repeated parameters are refused (RFC 6749 §3.2).
    const repeated = await ctx.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { authorization: `Basic ${Buffer.from(`${created.clientId}:${created.clientSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'grant_type=client_credentials&scope=laurel.read&scope=laurel.admin',
    });
    expect(repeated.statusCode).toBe(400);
    expect(repeated.json().error).toBe('invalid_request');
  });

  it('a client acts for its maker: a removed member’s clients stop; members cannot give more than they have', async () => {
    const { userId } = await addMemberByInvitation(ctx, owner, 'admin2@acme.example', 'admin');
    const signIn = await ctx.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'admin2@acme.example', password: PASSWORD } });
    const cookie = `laurel_session=${signIn.cookies.find((c) => c.name === 'laurel_session')!.value}`;
    const made = await ctx.app.inject({ method: 'POST', url: '/api/v1/oauth-clients', headers: { cookie, 'x-csrf-token': signIn.json().csrfToken }, payload: { name: 'theirs', scopes: ['laurel.read'] } });
    expect(made.statusCode, made.body).toBe(201);
    const config = await configure(ctx, made.json());
    const token = (await client.clientCredentialsGrant(config)).access_token;
    expect((await bearer(ctx, token).get('/api/v1/credentials')).statusCode).toBe(200);
    expect((await owner.request('DELETE', `/api/v1/members/${userId}`)).statusCode).toBe(204);
    expect((await bearer(ctx, token).get('/api/v1/credentials')).statusCode).toBe(401);
    await expect(client.clientCredentialsGrant(config)).rejects.toMatchObject(INVALID_CLIENT);
    // Revoked with the membership: invited back, the member gets none of their old clients back.
    const listed = (await owner.get('/api/v1/oauth-clients')).json().items.find((c: { clientId: string }) => c.clientId === made.json().clientId);
    expect(listed.revokedAt).toEqual(expect.any(String));
    const token2 = await invitationToken(ctx, owner, 'admin2@acme.example', 'admin');
    const again = await ctx.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'admin2@acme.example', password: PASSWORD } });
    const rejoined = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/join/${token2}`,
      headers: { cookie: `laurel_session=${again.cookies.find((c) => c.name === 'laurel_session')!.value}`, 'x-csrf-token': again.json().csrfToken },
      payload: {},
    });
    expect(rejoined.statusCode, rejoined.body).toBe(200);
    await expect(client.clientCredentialsGrant(config)).rejects.toMatchObject(INVALID_CLIENT);

    // An issuer-role key cannot manage clients at all.
    const issuerKey = apiClient(ctx.app, (await owner.post('/api/v1/api-keys', { name: 'k', role: 'issuer' })).json().secret);
    expect((await issuerKey.post('/api/v1/oauth-clients', { name: 'x', scopes: ['laurel.read'] })).statusCode).toBe(403);
    // An admin cannot give a scope beyond theirs... nor an unknown one.
    expect((await owner.post('/api/v1/oauth-clients', { name: 'x', scopes: ['laurel.root'] })).statusCode).toBe(400);
    void credentialId;
  });
});
