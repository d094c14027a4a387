import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { createOrganisation } from '../../src/domain/organisations/create-organisation.js';
import { sha256Hex } from '../../src/domain/shared/hash.js';
import { countStatements } from '../support/statements.js';
import { ENGINES, PASSWORD, addMemberByInvitation, apiClient, createTestApp, minimalAchievement, minimalCredential, minimalIssuer, setupOrganisation, type ApiClient, type TestContext } from '../support/test-app.js';

const PROBLEM = 'https://laurel.dev/problems/';
const LIMIT = 64 * 1024; // the test app's body limit

/**
 * `POST /api/v1/credentials` judges a bearer API key after parsing the body, in one read with the achievement's issuing
 * context. Attacked: whatever the body, a key that is not valid gets exactly the 401 it gets anywhere else, and a valid
 * key never reaches another organisation's achievement.
 */
describe.each(ENGINES)('issuing: the API key judged after the body (%s)', (engine) => {
  let ctx: TestContext;
  let owner: ApiClient;
  let now = Date.parse('2026-12-07T09:00:00Z');
  const clock = { now: () => new Date(now) };
  let ours: string;
  let theirs: string;
  const theirName = 'Chemistry of Secrets';
  const keys: Record<string, string> = {};

  const createKey = async (body: Record<string, unknown>) => {
    const res = await owner.post('/api/v1/api-keys', { name: 'test key', ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; secret: string };
  };

  beforeAll(async () => {
    ctx = await createTestApp(engine, { clock });
    owner = apiClient(ctx.app, (await setupOrganisation(ctx.app)).apiKey);
    const issuerId = (await owner.post('/api/v1/issuers', minimalIssuer)).json().id;
    ours = (await owner.post('/api/v1/achievements', minimalAchievement(issuerId))).json().id;
    const other = await createOrganisation(ctx.deps, { name: 'Other Org', owner: { email: 'owner@other.example', password: PASSWORD } });
    const them = apiClient(ctx.app, other.apiKeySecret);
    const theirIssuer = (await them.post('/api/v1/issuers', { ...minimalIssuer, name: 'Their issuer' })).json().id;
    theirs = (await them.post('/api/v1/achievements', { ...minimalAchievement(theirIssuer), name: theirName })).json().id;

    const revoked = await createKey({ name: 'revoked' });
    expect((await owner.post(`/api/v1/api-keys/${revoked.id}/revoke`)).statusCode).toBe(200);
    keys.revoked = revoked.secret;
    keys.expired = (await createKey({ name: 'expires', expiresAt: '2026-12-07T10:00:00Z' })).secret;
    const orphan = await createKey({ name: 'no creator' });
    await ctx.storage.db.updateTable('api_keys').set({ created_by: null }).where('id', '=', orphan.id).execute();
    keys.orphan = orphan.secret;
    keys.unknown = 'lrl_nope_notakeyatall';
    keys.viewer = (await createKey({ name: 'viewer', role: 'viewer' })).secret;
  });
  afterAll(async () => ctx?.close());

  const bodies: Record<string, () => Pick<InjectOptions, 'payload' | 'headers'>> = {
    'a valid body': () => ({ payload: minimalCredential(ours) }),
    "another organisation's achievement": () => ({ payload: minimalCredential(theirs) }),
    'malformed JSON': () => ({ payload: '{"achievementId": "', headers: { 'content-type': 'application/json' } }),
    'an empty JSON body': () => ({ payload: '', headers: { 'content-type': 'application/json' } }),
    'a schema-invalid body': () => ({ payload: { achievementId: ours, recipient: 42, admin: true } }),
    'an achievementId that is not a string': () => ({ payload: { achievementId: { $ne: null }, recipient: { email: 'x@example.org' } } }),
    'a NUL in the body': () => ({ payload: { achievementId: `${ours}\u0000`, recipient: { email: 'x@example.org' } } }),
    'a large body within the limit': () => ({ payload: { ...minimalCredential(ours), narrative: 'n'.repeat(LIMIT - 1000) } }),
    'a body over the limit': () => ({ payload: { ...minimalCredential(ours), narrative: 'n'.repeat(LIMIT + 10) } }),
    'another media type': () => ({ payload: 'achievementId=x', headers: { 'content-type': 'text/plain' } }),
  };
  const issue = (authorization: string | undefined, body: Pick<InjectOptions, 'payload' | 'headers'>) =>
    ctx.app.inject({ method: 'POST', url: '/api/v1/credentials', payload: body.payload, headers: { ...body.headers, ...(authorization ? { authorization } : {}) } });
  // What the same credential gets on a route that judges it on arrival (instance and request id aside).
  const answerElsewhere = async (authorization: string | undefined) => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/issuers', payload: minimalIssuer, headers: authorization ? { authorization } : {} });
    return { status: res.statusCode, problem: withoutRequest(res.json()) };
  };
  const withoutRequest = ({ instance: _i, requestId: _r, ...rest }: Record<string, unknown>) => rest;

  it('a key that is not valid (unknown, revoked, expired, without a creator) gets the same 401 whatever the body', async () => {
    now = Date.parse('2026-12-07T11:00:00Z'); // past the expiring key's end
    try {
      for (const name of ['unknown', 'revoked', 'expired', 'orphan']) {
        const authorization = `Bearer ${keys[name]}`;
        const expected = await answerElsewhere(authorization);
        expect(expected.status).toBe(401);
        expect(expected.problem.type).toBe(`${PROBLEM}unauthenticated`);
        for (const [what, body] of Object.entries(bodies)) {
          const res = await issue(authorization, body());
          expect([res.statusCode, withoutRequest(res.json())], `${name} key, ${what}`).toEqual([expected.status, expected.problem]);
          expect(res.headers['content-type']).toContain('application/problem+json');
          expect(res.body).not.toContain(theirName);
        }
      }
    } finally {
      now = Date.parse('2026-12-07T09:00:00Z');
    }
    expect((await ctx.storage.db.selectFrom('credentials').select('id').execute()).length).toBe(0);
  });

  it('no credential, or one that is not a bearer key, is refused on arrival as before, whatever the body', async () => {
    for (const authorization of [undefined, 'Basic b3duZXI6cGFzcw==', 'Bearer', 'Bearer two tokens', `DPoP ${keys.unknown}`]) {
      const expected = await answerElsewhere(authorization);
      expect(expected.status).toBe(401);
      for (const [what, body] of Object.entries(bodies)) {
        const res = await issue(authorization, body());
        expect([res.statusCode, withoutRequest(res.json())], `${authorization}, ${what}`).toEqual([expected.status, expected.problem]);
      }
    }
  });

  it("a valid key gets the body's own answer, as before; another organisation's achievement is not found, as one that does not exist", async () => {
    const authorization = `Bearer ${keys.viewer}`; // any valid key: the body is judged after it
    const expectations: Record<string, [number, string]> = {
      'malformed JSON': [400, 'invalid-json'],
      'an empty JSON body': [400, 'invalid-json'],
      'a schema-invalid body': [400, 'validation'],
      'an achievementId that is not a string': [400, 'validation'],
      'a NUL in the body': [400, 'validation'],
      'a large body within the limit': [400, 'validation'],
      'a body over the limit': [413, 'payload-too-large'],
      'another media type': [415, 'unsupported-media-type'],
    };
    for (const [what, [status, code]] of Object.entries(expectations)) {
      const res = await issue(authorization, bodies[what]!());
      expect([res.statusCode, res.json().type], what).toEqual([status, `${PROBLEM}${code}`]);
    }
    const missing = await owner.post('/api/v1/credentials', minimalCredential('no-such-achievement'));
    const foreign = await owner.post('/api/v1/credentials', minimalCredential(theirs));
    expect([foreign.statusCode, foreign.json().type, foreign.json().detail]).toEqual([404, `${PROBLEM}not-found`, missing.json().detail]);
    expect(foreign.body).not.toContain(theirName);
    // A viewer may not issue (403), but what does not exist in its organisation is not found first, as before.
    const viewer = apiClient(ctx.app, keys.viewer);
    expect((await viewer.post('/api/v1/credentials', minimalCredential(ours))).json().type).toBe(`${PROBLEM}forbidden`);
    expect((await viewer.post('/api/v1/credentials', minimalCredential(theirs))).statusCode).toBe(404);
    expect((await ctx.storage.db.selectFrom('credentials').select('id').execute()).length).toBe(0);
  });

  it('issues with one read for the key and the issuing context; the read is scoped to the key\'s organisation', async () => {
    const { store } = ctx.deps;
    const calls: string[] = [];
    const spy = <T extends object>(repo: T, name: keyof T & string) => {
      const original = repo[name] as (...a: unknown[]) => unknown;
      (repo as Record<string, unknown>)[name] = (...args: unknown[]) => (calls.push(name), original.apply(repo, args));
      return () => void ((repo as Record<string, unknown>)[name] = original);
    };
    const restore = [spy(store.apiKeys, 'findByHash'), spy(store.credentials, 'issuingContext'), spy(store.credentials, 'keyAndIssuingContext')];
    try {
      const res = await owner.post('/api/v1/credentials', minimalCredential(ours, 'one-read@example.org'));
      expect(res.statusCode, res.body).toBe(201);
      expect(calls).toEqual(['keyAndIssuingContext']);
    } finally {
      for (const r of restore) r();
    }

    // The store's read: the key as `findByHash` reads it, the context as `issuingContext` reads it, in the key's organisation only.
    const secret = (await createKey({ name: 'read' })).secret;
    const hash = sha256Hex(secret);
    const key = await store.apiKeys.findByHash(hash);
    const orgId = key!.orgId;
    expect(await store.credentials.keyAndIssuingContext(hash, ours)).toEqual({ key, context: await store.credentials.issuingContext(orgId, ours) });
    const none = { achievement: undefined, issuer: undefined, organisation: undefined, allocation: undefined, endorsed: false };
    expect(await store.credentials.keyAndIssuingContext(hash, theirs)).toEqual({ key, context: none });
    expect(await store.credentials.keyAndIssuingContext(hash, 'no-such-achievement')).toEqual({ key, context: none });
    expect(await store.credentials.keyAndIssuingContext(sha256Hex('lrl_unknown'), ours)).toEqual({ key: undefined, context: none });
    // A revoked key is read as such (the verdict refuses it): revokedAt set.
    expect((await store.credentials.keyAndIssuingContext(sha256Hex(keys.revoked!), ours)).key?.revokedAt).toBeTruthy();
  });

  it('the same key and achievement asked for in one turn are read by one statement; each caller gets its own copy; other keys their own read', async () => {
    const { store } = ctx.deps;
    const reads = countStatements(ctx.storage.db, '"api_keys" as "k"');
    try {
      const secret = (await createKey({ name: 'cohort' })).secret;
      const hash = sha256Hex(secret);
      reads.reset();
      const alone = await store.credentials.keyAndIssuingContext(hash, ours);
      expect(reads.count).toBe(1);
      reads.reset();
      const together = await Promise.all([0, 1, 2, 3, 4].map(() => store.credentials.keyAndIssuingContext(hash, ours)));
      expect(reads.count).toBe(1);
      for (const read of together) expect(read).toEqual(alone);
      expect(new Set(together.map((r) => r.key)).size).toBe(5);
      expect(new Set(together.map((r) => r.context.allocation)).size).toBe(5);
      // Another key, another achievement, in the same turn: each read on its own, each its own answer.
      reads.reset();
      const [mine, revoked, elsewhere, unknown] = await Promise.all([
        store.credentials.keyAndIssuingContext(hash, ours),
        store.credentials.keyAndIssuingContext(sha256Hex(keys.revoked!), ours),
        store.credentials.keyAndIssuingContext(hash, theirs),
        store.credentials.keyAndIssuingContext(sha256Hex(keys.unknown!), ours),
      ]);
      expect(reads.count).toBe(4);
      expect(mine).toEqual(alone);
      expect(revoked.key?.revokedAt).toBeTruthy();
      expect(elsewhere.context.achievement).toBeUndefined();
      expect(unknown.key).toBeUndefined();
      // Through HTTP, at once: the cohort's issues succeed, the revoked key's fail, whatever was read together.
      const revokedClient = apiClient(ctx.app, keys.revoked!);
      const cohort = apiClient(ctx.app, secret);
      const results = await Promise.all([
        ...[0, 1, 2, 3].map((i) => cohort.post('/api/v1/credentials', minimalCredential(ours, `cohort${i}@example.org`))),
        ...[0, 1].map((i) => revokedClient.post('/api/v1/credentials', minimalCredential(ours, `revoked${i}@example.org`))),
      ]);
      expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 401, 401]);
      expect(new Set(results.slice(0, 4).map((r) => r.json().id)).size).toBe(4);
    } finally {
      reads.restore();
    }
  });

  it('a member signed in with a session still issues through the session (CSRF checked on arrival, whatever the body)', async () => {
    const { userId } = await addMemberByInvitation(ctx, owner, 'issuer@acme.example', 'issuer');
    expect(userId).toBeTruthy();
    const signIn = await ctx.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'issuer@acme.example', password: PASSWORD } });
    expect(signIn.statusCode, signIn.body).toBe(200);
    const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;
    const csrf = signIn.json().csrfToken as string;
    const withoutCsrf = await ctx.app.inject({ method: 'POST', url: '/api/v1/credentials', headers: { cookie, 'content-type': 'application/json' }, payload: '{"achievementId": ' });
    expect([withoutCsrf.statusCode, withoutCsrf.json().type]).toEqual([403, `${PROBLEM}csrf`]);
    const issued = await ctx.app.inject({ method: 'POST', url: '/api/v1/credentials', headers: { cookie, 'x-csrf-token': csrf }, payload: minimalCredential(ours, 'session@example.org') });
    expect(issued.statusCode, issued.body).toBe(201);
  });
});
