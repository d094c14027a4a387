import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, PASSWORD, addMemberByInvitation, apiClient, createTestApp, minimalCredential, minimalIssuer, type ApiClient, type TestContext, organisationWithAchievement } from '../support/test-app.js';

describe.each(ENGINES)('roles, scopes and sessions (%s)', (engine) => {
  let ctx: TestContext;
  let owner: ApiClient;
  let achievementId: string;
  let credentialId: string;

  const keyFor = async (body: Record<string, unknown>): Promise<ApiClient> => {
    const res = await owner.post('/api/v1/api-keys', { name: 'test', ...body });
    expect(res.statusCode, res.body).toBe(201);
    return apiClient(ctx.app, res.json().secret);
  };

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    ({ api: owner, achievementId } = await organisationWithAchievement(ctx.app));
    credentialId = (await owner.post('/api/v1/credentials', minimalCredential(achievementId))).json().id;
  });
  afterAll(async () => ctx?.close());

  it('a viewer reads but cannot award, revoke or define', async () => {
    const viewer = await keyFor({ role: 'viewer' });
    expect((await viewer.get('/api/v1/credentials')).statusCode).toBe(200);
    expect((await viewer.get(`/api/v1/credentials/${credentialId}`)).statusCode).toBe(200);
    for (const res of [
      await viewer.post('/api/v1/credentials', minimalCredential(achievementId)),
      await viewer.post(`/api/v1/credentials/${credentialId}/revoke`, { reason: 'no' }),
      await viewer.post(`/api/v1/credentials/${credentialId}/suspend`, {}),
      await viewer.post('/api/v1/issuers', minimalIssuer),
      await viewer.post('/api/v1/api-keys', { name: 'escalate' }),
    ]) {
      expect(res.statusCode).toBe(403);
      expect(res.json().type).toBe('https://laurel.dev/problems/forbidden');
    }
    expect((await owner.get(`/api/v1/credentials/${credentialId}`)).json().status).toBe('active');
  });

  it('an issuer awards but cannot define issuers or achievements', async () => {
    const issuer = await keyFor({ role: 'issuer' });
    expect((await issuer.post('/api/v1/credentials', minimalCredential(achievementId, 'x@example.org'))).statusCode).toBe(201);
    expect((await issuer.post('/api/v1/issuers', minimalIssuer)).statusCode).toBe(403);
    expect((await issuer.patch(`/api/v1/achievements/${achievementId}`, { name: 'renamed' })).statusCode).toBe(403);
  });

  it('scopes narrow a key below its role (least privilege)', async () => {
    const readOnly = await keyFor({ role: 'admin', scopes: ['credentials:read'] });
    expect((await readOnly.get('/api/v1/credentials')).statusCode).toBe(200);
    expect((await readOnly.get('/api/v1/issuers')).statusCode).toBe(403);
    expect((await readOnly.post('/api/v1/credentials', minimalCredential(achievementId))).statusCode).toBe(403);
  });

  it('a key cannot grant more than its holder has', async () => {
    const admin = await keyFor({ role: 'admin' });
    expect((await admin.post('/api/v1/api-keys', { name: 'up', role: 'owner' })).statusCode).toBe(403);
    const issuer = await keyFor({ role: 'issuer' });
    expect((await issuer.post('/api/v1/api-keys', { name: 'up' })).statusCode).toBe(403);
  });

  it('revoked and unknown keys are refused with 401', async () => {
    const res = await owner.post('/api/v1/api-keys', { name: 'short-lived', role: 'viewer' });
    const key = apiClient(ctx.app, res.json().secret);
    expect((await key.get('/api/v1/issuers')).statusCode).toBe(200);
    expect((await owner.post(`/api/v1/api-keys/${res.json().id}/revoke`)).statusCode).toBe(200);
    expect((await key.get('/api/v1/issuers')).statusCode).toBe(401);
    expect((await apiClient(ctx.app, 'lrl_nope_notakey').get('/api/v1/issuers')).statusCode).toBe(401);
    const anonymous = await apiClient(ctx.app).get('/api/v1/issuers');
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toContain('application/problem+json');
    // The list of keys never shows a secret or its hash.
    const listed = (await owner.get('/api/v1/api-keys')).body;
    expect(listed).not.toContain(res.json().secret);
    expect(listed).not.toMatch(/keyHash|key_hash/);
  });

  it('a viewer member signed in with a session cookie is held to the same rules, and writes need the CSRF token', async () => {
    await addMemberByInvitation(ctx, owner, 'viewer@acme.example', 'viewer');
    const bad = await ctx.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'viewer@acme.example', password: 'wrong password!' } });
    expect(bad.statusCode).toBe(401);
    const signIn = await ctx.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'viewer@acme.example', password: PASSWORD } });
    expect(signIn.statusCode).toBe(200);
    const setCookie = String(signIn.headers['set-cookie']);
    expect(setCookie).toMatch(/laurel_session=.+HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = setCookie.split(';')[0]!;
    const { csrfToken, role } = signIn.json();
    expect(role).toBe('viewer');

    const asViewer = (method: 'GET' | 'POST', url: string, payload?: unknown, csrf?: string) =>
      ctx.app.inject({ method, url, headers: { cookie, ...(csrf ? { 'x-csrf-token': csrf } : {}) }, ...(payload ? { payload: payload as object } : {}) });
    expect((await asViewer('GET', '/api/v1/credentials')).statusCode).toBe(200);
    const noCsrf = await asViewer('POST', '/api/v1/credentials', minimalCredential(achievementId));
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().code).toBe('csrf');
    const forbidden = await asViewer('POST', '/api/v1/credentials', minimalCredential(achievementId), csrfToken);
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().code).toBe('forbidden');

    const signOut = await ctx.app.inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie, 'x-csrf-token': csrfToken } });
    expect(signOut.statusCode).toBe(204);
    expect((await asViewer('GET', '/api/v1/credentials')).statusCode).toBe(401);
  });

  it('stores only hashes of keys and argon2id hashes of passwords', async () => {
    const keys = await ctx.storage.db.selectFrom('api_keys').select(['key_hash', 'prefix']).execute();
    for (const k of keys) expect(k.key_hash).toMatch(/^[0-9a-f]{64}$/);
    const users = await ctx.storage.db.selectFrom('users').select('password_hash').execute();
    for (const u of users) expect(u.password_hash).toMatch(/^\$argon2id\$/);
  });
});
