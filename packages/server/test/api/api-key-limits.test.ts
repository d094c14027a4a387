import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../src/domain/organisations/create-organisation.js';
import { ENGINES, PASSWORD, apiClient, createTestApp, minimalAchievement, minimalCredential, minimalIssuer, setupOrganisation, type ApiClient, type TestContext } from '../support/test-app.js';

const FORBIDDEN = 'https://laurel.dev/problems/forbidden';

/** API keys with an expiry and keys restricted to one issuer, attacked from both sides. */
describe.each(ENGINES)('API keys: expiry and one issuer (%s)', (engine) => {
  let ctx: TestContext;
  let owner: ApiClient;
  let now = Date.parse('2026-12-07T09:00:00Z');
  const clock = { now: () => new Date(now) };
  let mine: { issuerId: string; achievementId: string; credentialId: string };
  let theirs: { issuerId: string; achievementId: string; credentialId: string };

  const setUpIssuer = async (name: string) => {
    const issuerId = (await owner.post('/api/v1/issuers', { ...minimalIssuer, name })).json().id as string;
    const achievementId = (await owner.post('/api/v1/achievements', minimalAchievement(issuerId))).json().id as string;
    const credentialId = (await owner.post('/api/v1/credentials', minimalCredential(achievementId))).json().id as string;
    return { issuerId, achievementId, credentialId };
  };
  const createKey = (body: Record<string, unknown>) => owner.post('/api/v1/api-keys', { name: 'test key', ...body });

  beforeAll(async () => {
    ctx = await createTestApp(engine, { clock });
    owner = apiClient(ctx.app, (await setupOrganisation(ctx.app)).apiKey);
    mine = await setUpIssuer('Physics Department');
    theirs = await setUpIssuer('Chemistry Department');
  });
  afterAll(async () => ctx?.close());

  it('a key with an expiry works until then, then answers 401; the list shows expiry and last use', async () => {
    const created = await createKey({ name: 'for the term', expiresAt: '2026-12-08T09:00:00Z' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ expiresAt: '2026-12-08T09:00:00.000Z', issuerId: null, lastUsedAt: null });
    const key = apiClient(ctx.app, created.json().secret);
    expect((await key.get('/api/v1/issuers')).statusCode).toBe(200);
    const listed = (await owner.get('/api/v1/api-keys')).json().items.find((k: { id: string }) => k.id === created.json().id);
    expect(listed).toMatchObject({ expiresAt: '2026-12-08T09:00:00.000Z', lastUsedAt: '2026-12-07T09:00:00.000Z', issuerId: null });

    now = Date.parse('2026-12-08T09:00:01Z');
    const expired = await key.get('/api/v1/issuers');
    expect(expired.statusCode).toBe(401);
    expect(expired.headers['content-type']).toContain('application/problem+json');
    expect(expired.json().type).toBe('https://laurel.dev/problems/unauthenticated');
    now = Date.parse('2026-12-07T09:00:00Z');
  });

  it('refuses an expiry in the past, a malformed one, and an issuer of no one or of another organisation', async () => {
    const past = await createKey({ expiresAt: '2026-12-07T08:59:59Z' });
    expect(past.statusCode).toBe(400);
    expect(past.json().errors).toEqual([expect.objectContaining({ path: '/expiresAt' })]);
    expect((await createKey({ expiresAt: 'next tuesday' })).statusCode).toBe(400);
    const unknown = await createKey({ issuerId: 'no-such-issuer' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([expect.objectContaining({ path: '/issuerId' })]);

    // Another organisation's issuer is not one of ours.
    const other = await createOrganisation(ctx.deps, { name: 'Other Org', owner: { email: 'owner@other.example', password: PASSWORD } });
    const foreignIssuer = (await apiClient(ctx.app, other.apiKeySecret).post('/api/v1/issuers', minimalIssuer)).json().id;
    const foreign = await createKey({ issuerId: foreignIssuer });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().errors).toEqual([expect.objectContaining({ path: '/issuerId' })]);
  });

  it('a key restricted to one issuer awards, revokes and suspends its credentials, and nothing of another issuer', async () => {
    const created = await createKey({ name: 'physics LMS', role: 'admin', issuerId: mine.issuerId });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().issuerId).toBe(mine.issuerId);
    expect((await owner.get('/api/v1/api-keys')).json().items.find((k: { id: string }) => k.id === created.json().id).issuerId).toBe(mine.issuerId);
    const key = apiClient(ctx.app, created.json().secret);

    // Its own issuer: allowed.
    const awarded = await key.post('/api/v1/credentials', minimalCredential(mine.achievementId, 'own@example.org'));
    expect(awarded.statusCode, awarded.body).toBe(201);
    expect((await key.post(`/api/v1/credentials/${awarded.json().id}/suspend`, { reason: 'check' })).statusCode).toBe(200);
    expect((await key.post(`/api/v1/credentials/${awarded.json().id}/revoke`, { reason: 'wrong person' })).statusCode).toBe(200);
    expect((await key.patch(`/api/v1/achievements/${mine.achievementId}`, { description: 'Updated by the LMS' })).statusCode).toBe(200);
    expect((await key.patch(`/api/v1/issuers/${mine.issuerId}`, { description: 'Physics' })).statusCode).toBe(200);

    // Another issuer's credentials, achievements and issuer: 403 problem documents, nothing changed.
    const attempts = [
      await key.post('/api/v1/credentials', minimalCredential(theirs.achievementId, 'stranger@example.org')),
      await key.post(`/api/v1/credentials/${theirs.credentialId}/revoke`, { reason: 'hostile' }),
      await key.post(`/api/v1/credentials/${theirs.credentialId}/suspend`, { reason: 'hostile' }),
      await key.post(`/api/v1/credentials/${theirs.credentialId}/notify`),
      await key.post(`/api/v1/achievements/${theirs.achievementId}/bulk`, { csv: 'email,name\nx@example.org,X\n' }),
      await key.patch(`/api/v1/achievements/${theirs.achievementId}`, { name: 'taken over' }),
      await key.post('/api/v1/achievements', minimalAchievement(theirs.issuerId)),
      await key.patch(`/api/v1/issuers/${theirs.issuerId}`, { name: 'taken over' }),
      await key.post(`/api/v1/issuers/${theirs.issuerId}/keys/rotate`),
      await key.post('/api/v1/issuers', { ...minimalIssuer, name: 'A new issuer outside the key' }),
      await key.post('/vc/credentials/issue', {
        credential: {
          '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], issuer: ctx.deps.urls.didWeb(theirs.issuerId),
          validFrom: '2026-01-01T00:00:00Z', credentialSubject: { id: 'did:example:123' },
        },
      }),
    ];
    for (const res of attempts) {
      expect(res.statusCode, res.body).toBe(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().type).toBe(FORBIDDEN);
    }
    expect((await owner.get(`/api/v1/credentials/${theirs.credentialId}`)).json().status).toBe('active');
    expect((await owner.get(`/api/v1/issuers/${theirs.issuerId}`)).json().name).toBe('Chemistry Department');
    expect((await owner.get(`/api/v1/achievements/${theirs.achievementId}`)).json().name).toBe(minimalAchievement('').name);

    // Organisation-wide powers are gone even for an admin key: it cannot mint an unrestricted key, add a
    // webhook that hears every issuer, or invite a member.
    for (const res of [
      await key.post('/api/v1/api-keys', { name: 'escape' }),
      await key.post('/api/v1/webhooks', { url: 'https://hooks.example/x', events: ['credential.issued'] }),
      await key.post('/api/v1/invitations', { email: 'mole@example.org', role: 'admin' }),
    ]) {
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().type).toBe(FORBIDDEN);
    }
  });

  it('an unrestricted key still acts on every issuer', async () => {
    const key = apiClient(ctx.app, (await createKey({ role: 'issuer' })).json().secret);
    expect((await key.post('/api/v1/credentials', minimalCredential(mine.achievementId, 'a@example.org'))).statusCode).toBe(201);
    expect((await key.post('/api/v1/credentials', minimalCredential(theirs.achievementId, 'b@example.org'))).statusCode).toBe(201);
  });
});
