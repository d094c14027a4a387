import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, PASSWORD, addMemberByInvitation, apiClient, createTestApp, invitationToken, minimalCredential, minimalIssuer, type ApiClient, type TestContext, organisationWithAchievement } from '../support/test-app.js';

/**
 * A key acts with the lower of its own role and its creator's current role; a member who is removed
 * loses their sessions and every key they made, at once.
 */
describe.each(ENGINES)('API keys follow their creator; removing a member (%s)', (engine) => {
  let ctx: TestContext;
  let owner: ApiClient;
  let achievementId: string;
  let n = 0;

  /** A new member with a password, signed in: their cookie, CSRF token and id. */
  const member = async (role: string) => {
    const email = `member-${++n}@acme.example`;
    const added = await addMemberByInvitation(ctx, owner, email, role);
    const signIn = await ctx.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password: PASSWORD }, remoteAddress: `192.0.2.${n}` });
    expect(signIn.statusCode, signIn.body).toBe(200);
    const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;
    const csrf = signIn.json().csrfToken as string;
    const userId = added.userId;
    const as = (method: 'GET' | 'POST' | 'DELETE' | 'PATCH', url: string, payload?: unknown) =>
      ctx.app.inject({ method, url, headers: { cookie, 'x-csrf-token': csrf }, ...(payload === undefined ? {} : { payload: payload as object }) });
    const mintKey = async (body: Record<string, unknown> = {}) => {
      const res = await as('POST', '/api/v1/api-keys', { name: 'mine', ...body });
      expect(res.statusCode, res.body).toBe(201);
      return { id: res.json().id as string, api: apiClient(ctx.app, res.json().secret) };
    };
    return { email, userId, cookie, as, mintKey };
  };

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    ({ api: owner, achievementId } = await organisationWithAchievement(ctx.app));
  });
  afterAll(async () => ctx?.close());

  it("a key made by an admin cannot award once the admin is demoted to viewer, and works again at the creator's role", async () => {
    const admin = await member('admin');
    const { api: key } = await admin.mintKey({ role: 'admin' });
    expect((await key.post('/api/v1/credentials', minimalCredential(achievementId, 'a1@example.org'))).statusCode).toBe(201);

    expect((await owner.patch(`/api/v1/members/${admin.userId}`, { role: 'viewer' })).statusCode).toBe(204);
    const refused = await key.post('/api/v1/credentials', minimalCredential(achievementId, 'a2@example.org'));
    expect(refused.statusCode).toBe(403);
    expect(refused.json().type).toBe('https://laurel.dev/problems/forbidden');
    // Nor can it make itself a stronger key, manage members or keys.
    expect((await key.post('/api/v1/api-keys', { name: 'escalate', role: 'admin' })).statusCode).toBe(403);
    expect((await key.patch(`/api/v1/members/${admin.userId}`, { role: 'admin' })).statusCode).toBe(403);
    expect((await key.get('/api/v1/credentials')).statusCode).toBe(200);

    // Promoted to issuer: the admin key acts as an issuer (the lower of the two), no more.
    expect((await owner.patch(`/api/v1/members/${admin.userId}`, { role: 'issuer' })).statusCode).toBe(204);
    expect((await key.post('/api/v1/credentials', minimalCredential(achievementId, 'a3@example.org'))).statusCode).toBe(201);
    expect((await key.post('/api/v1/issuers', minimalIssuer)).statusCode).toBe(403);
  });

  it("a key never acts above its own role, even when its creator's role is higher", async () => {
    const admin = await member('admin');
    const { api: viewerKey } = await admin.mintKey({ role: 'viewer' });
    expect((await owner.patch(`/api/v1/members/${admin.userId}`, { role: 'owner' })).statusCode).toBe(204);
    expect((await viewerKey.post('/api/v1/credentials', minimalCredential(achievementId))).statusCode).toBe(403);
    expect((await owner.patch(`/api/v1/members/${admin.userId}`, { role: 'admin' })).statusCode).toBe(204);
  });

  it('scopes still narrow a key below the capped role', async () => {
    const admin = await member('admin');
    const { api: key } = await admin.mintKey({ role: 'admin', scopes: ['credentials:read', 'issuers:write'] });
    expect((await owner.patch(`/api/v1/members/${admin.userId}`, { role: 'issuer' })).statusCode).toBe(204);
    expect((await key.get('/api/v1/credentials')).statusCode).toBe(200);
    expect((await key.post('/api/v1/issuers', minimalIssuer)).statusCode).toBe(403); // scope kept, role lost it
    expect((await key.post('/api/v1/credentials', minimalCredential(achievementId))).statusCode).toBe(403); // role has it, scope does not
  });

  it("a key made by another key answers to the human behind the first key", async () => {
    const admin = await member('admin');
    const { api: first } = await admin.mintKey({ role: 'admin' });
    const second = await first.post('/api/v1/api-keys', { name: 'child', role: 'issuer' });
    expect(second.statusCode).toBe(201);
    const child = apiClient(ctx.app, second.json().secret);
    expect((await owner.patch(`/api/v1/members/${admin.userId}`, { role: 'viewer' })).statusCode).toBe(204);
    expect((await child.post('/api/v1/credentials', minimalCredential(achievementId))).statusCode).toBe(403);
  });

  it('removing a member ends their sessions and their keys at once (401), and is audited', async () => {
    const admin = await member('admin');
    const { api: key, id: keyId } = await admin.mintKey({ role: 'issuer' });
    const { api: key2 } = await admin.mintKey({ role: 'viewer' });
    expect((await admin.as('GET', '/api/v1/credentials')).statusCode).toBe(200);
    expect((await key.get('/api/v1/credentials')).statusCode).toBe(200);
    const ownersKeys = (await owner.get('/api/v1/api-keys')).json().items.filter((k: { revokedAt: string | null }) => !k.revokedAt).length;

    const removed = await owner.request('DELETE', `/api/v1/members/${admin.userId}`);
    expect(removed.statusCode, removed.body).toBe(204);
    expect(removed.body).toBe('');

    for (const res of [await admin.as('GET', '/api/v1/credentials'), await admin.as('GET', '/api/v1/session'), await key.get('/api/v1/credentials'), await key2.get('/api/v1/issuers')]) {
      expect(res.statusCode).toBe(401);
      expect(res.json().type).toBe('https://laurel.dev/problems/unauthenticated');
    }
    const keys = (await owner.get('/api/v1/api-keys')).json().items as { id: string; revokedAt: string | null }[];
    expect(keys.find((k) => k.id === keyId)!.revokedAt).toEqual(expect.any(String));
    expect(keys.filter((k) => !k.revokedAt).length).toBe(ownersKeys - 2);
    expect((await owner.get('/api/v1/members')).json().items.map((m: { userId: string }) => m.userId)).not.toContain(admin.userId);
    const audit = (await owner.get('/api/v1/audit-log')).json().items as { action: string; targetId: string; details: Record<string, unknown> }[];
    expect(audit.find((e) => e.action === 'member.remove' && e.targetId === admin.userId)?.details).toMatchObject({ role: 'admin', revokedKeys: 2, endedSessions: 2 }); // joining signed them in, then they signed in again

    // Added back later: the old keys stay revoked, the old cookie stays dead.
    const token = await invitationToken(ctx, owner, admin.email, 'admin');
    const again = await ctx.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: admin.email, password: PASSWORD }, remoteAddress: '192.0.2.200' });
    expect(again.statusCode, again.body).toBe(200);
    const joined = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/join/${token}`,
      payload: {},
      headers: { cookie: String(again.headers['set-cookie']).split(';')[0]!, 'x-csrf-token': again.json().csrfToken as string },
    });
    expect(joined.statusCode, joined.body).toBe(200);
    expect((await key.get('/api/v1/credentials')).statusCode).toBe(401);
    expect((await admin.as('GET', '/api/v1/credentials')).statusCode).toBe(401);
  });

  it('a key whose creator is no longer a member stops working even if it was not revoked', async () => {
    const admin = await member('admin');
    const { api: key, id } = await admin.mintKey({ role: 'issuer' });
    await ctx.storage.db.deleteFrom('memberships').where('user_id', '=', admin.userId).execute();
    const res = await key.get('/api/v1/credentials');
    expect(res.statusCode).toBe(401);
    expect((await owner.get('/api/v1/api-keys')).json().items.find((k: { id: string }) => k.id === id).revokedAt).toBeNull();
  });

  it('a key with no creator at all is refused', async () => {
    const admin = await member('admin');
    const { api: key, id } = await admin.mintKey({ role: 'viewer' });
    await ctx.storage.db.updateTable('api_keys').set({ created_by: null }).where('id', '=', id).execute();
    expect((await key.get('/api/v1/credentials')).statusCode).toBe(401);
  });

  it('the first-run key (the same use case as `laurel setup`) belongs to the owner it creates', async () => {
    const ownerId = (await owner.get('/api/v1/members')).json().items.find((m: { role: string }) => m.role === 'owner').userId as string;
    const rows = await ctx.storage.db.selectFrom('api_keys').select(['created_by', 'name']).where('name', '=', 'Owner key (all scopes)').execute();
    expect(rows).toEqual([{ created_by: ownerId, name: 'Owner key (all scopes)' }]);
  });

  it('keeps the rank rules: nobody above you, never the last owner, yourself unless the last owner', async () => {
    const admin = await member('admin');
    const otherAdmin = await member('admin');
    const issuer = await member('issuer');
    const ownerId = (await owner.get('/api/v1/members')).json().items.find((m: { role: string }) => m.role === 'owner').userId as string;

    // An admin cannot remove an owner; an issuer cannot remove anyone.
    const aboveMe = await admin.as('DELETE', `/api/v1/members/${ownerId}`);
    expect(aboveMe.statusCode).toBe(403);
    expect(aboveMe.json().type).toBe('https://laurel.dev/problems/forbidden');
    expect((await issuer.as('DELETE', `/api/v1/members/${otherAdmin.userId}`)).statusCode).toBe(403);
    // Writes with the cookie still need the CSRF token.
    const noCsrf = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/members/${issuer.userId}`, headers: { cookie: admin.cookie } });
    expect(noCsrf.statusCode).toBe(403);
    // An admin removes a peer admin and an issuer.
    expect((await admin.as('DELETE', `/api/v1/members/${otherAdmin.userId}`)).statusCode).toBe(204);
    expect((await admin.as('DELETE', `/api/v1/members/${issuer.userId}`)).statusCode).toBe(204);
    // Unknown or already-removed member: 404.
    expect((await admin.as('DELETE', `/api/v1/members/${issuer.userId}`)).statusCode).toBe(404);
    expect((await owner.request('DELETE', '/api/v1/members/00000000-0000-0000-0000-000000000000')).statusCode).toBe(404);
    // The last owner cannot remove themselves (nor be removed).
    const lastOwner = await owner.request('DELETE', `/api/v1/members/${ownerId}`);
    expect(lastOwner.statusCode).toBe(409);
    expect(lastOwner.json().type).toBe('https://laurel.dev/problems/invalid-state');
    // Someone may leave: the admin removes themselves, and their session ends with it.
    expect((await admin.as('DELETE', `/api/v1/members/${admin.userId}`)).statusCode).toBe(204);
    expect((await admin.as('GET', '/api/v1/credentials')).statusCode).toBe(401);
  });

  it('with a second owner, an owner may remove the other or leave', async () => {
    const second = await member('owner');
    const ownerId = (await owner.get('/api/v1/members')).json().items.find((m: { role: string; userId: string }) => m.role === 'owner' && m.userId !== second.userId).userId as string;
    expect((await second.as('DELETE', `/api/v1/members/${second.userId}`)).statusCode).toBe(204);
    expect((await owner.get('/api/v1/members')).json().items.filter((m: { role: string }) => m.role === 'owner').map((m: { userId: string }) => m.userId)).toEqual([ownerId]);
  });

  it('a malformed member id gets a problem document, never a 500', async () => {
    for (const res of [await owner.request('DELETE', '/api/v1/members/%00'), await owner.patch('/api/v1/members/a%00b', { role: 'viewer' })]) {
      expect(res.statusCode).toBe(400);
      expect(res.json().type).toBe('https://laurel.dev/problems/validation');
    }
  });
  // Last in the file: the first-run owner leaves here, so `owner` stops working.
  it('two owners demoting or removing each other at the same moment never leave the organisation without one', async () => {
    const [x, y] = [await member('owner'), await member('owner')];
    const firstOwnerId = (await owner.get('/api/v1/members')).json().items.find((m: { role: string; userId: string }) => m.role === 'owner' && ![x.userId, y.userId].includes(m.userId)).userId as string;
    expect((await owner.request('DELETE', `/api/v1/members/${firstOwnerId}`)).statusCode).toBe(204);
    const ownersSeenBy = async (who: typeof x) => (await who.as('GET', '/api/v1/members')).json().items.filter((m: { role: string }) => m.role === 'owner').map((m: { userId: string }) => m.userId);

    const demotions = await Promise.all([x.as('PATCH', `/api/v1/members/${y.userId}`, { role: 'admin' }), y.as('PATCH', `/api/v1/members/${x.userId}`, { role: 'admin' })]);
    // One wins; the other is refused: 409 if it was checked while both were owners (the owners' lock decides), or
    // 403 if it was checked after the winner's commit (no longer an owner). Never both 204.
    expect(demotions.filter((r) => r.statusCode === 204)).toHaveLength(1);
    expect([403, 409]).toContain(demotions.find((r) => r.statusCode !== 204)!.statusCode);
    const [survivor, demoted] = demotions[0]!.statusCode === 204 ? [x, y] : [y, x];
    expect(await ownersSeenBy(survivor)).toEqual([survivor.userId]);

    expect((await survivor.as('PATCH', `/api/v1/members/${demoted.userId}`, { role: 'owner' })).statusCode).toBe(204);
    const removals = await Promise.all([x.as('DELETE', `/api/v1/members/${y.userId}`), y.as('DELETE', `/api/v1/members/${x.userId}`)]);
    expect(removals.filter((r) => r.statusCode === 204)).toHaveLength(1);
    const refused = removals.find((r) => r.statusCode !== 204)!;
    expect([401, 403, 409], refused.body).toContain(refused.statusCode);
    if (refused.statusCode === 409) expect(refused.json().type).toBe('https://laurel.dev/problems/invalid-state');
    const last = removals[0]!.statusCode === 204 ? x : y;
    expect(await ownersSeenBy(last)).toEqual([last.userId]);
  });
});
