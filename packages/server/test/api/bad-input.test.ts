import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, apiClient, createTestApp, minimalAchievement, minimalCredential, minimalIssuer, type ApiClient, type TestContext, organisationWithAchievement } from '../support/test-app.js';

const TABLES = ['organisations', 'users', 'memberships', 'api_keys', 'issuers', 'achievements', 'credentials', 'idempotency_keys', 'audit_log', 'jobs', 'sessions'] as const;

describe.each(ENGINES)('bad input gets a clear problem document and changes nothing (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let issuerId: string;
  let achievementId: string;
  let apiKey: string;

  const snapshot = async (): Promise<Record<string, number>> => {
    const counts: Record<string, number> = {};
    for (const table of TABLES) {
      const row = await ctx.storage.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      counts[table] = Number(row.n);
    }
    return counts;
  };

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    ({ api, apiKey, issuerId, achievementId } = await organisationWithAchievement(ctx.app));
  });
  afterAll(async () => ctx?.close());

  const raw = (method: 'POST' | 'GET' | 'PATCH', url: string, payload: string | Buffer | undefined, contentType = 'application/json') =>
    ctx.app.inject({ method, url, payload, headers: { authorization: `Bearer ${apiKey}`, 'content-type': contentType } });

  type Case = [name: string, send: () => Promise<{ statusCode: number; body: string; headers: Record<string, unknown> }>, status: number, type: string, paths?: string[]];
  const cases = (): Case[] => [
    ['malformed JSON', () => raw('POST', '/api/v1/issuers', '{"name": "x",'), 400, 'invalid-json'],
    ['empty JSON body', () => raw('POST', '/api/v1/issuers', ''), 400, 'invalid-json'],
    ['wrong types', () => api.post('/api/v1/issuers', { name: 123, url: ['x'], email: true }), 400, 'validation', ['/name', '/url', '/email']],
    ['missing required fields', () => api.post('/api/v1/achievements', { issuerId }), 400, 'validation', ['/name', '/description', '/criteria', '/kind']],
    ['unknown field', () => api.post('/api/v1/issuers', { ...minimalIssuer, colour: 'red' }), 400, 'validation', ['/colour']],
    ['bad enum', () => api.post('/api/v1/achievements', { ...minimalAchievement(issuerId), kind: 'trophy' }), 400, 'validation', ['/kind']],
    ['bad email format', () => api.post('/api/v1/issuers', { ...minimalIssuer, email: 'not-an-email' }), 400, 'validation', ['/email']],
    ['non-http URL', () => api.post('/api/v1/issuers', { ...minimalIssuer, url: 'javascript:alert(1)' }), 400, 'validation', ['/url']],
    ['body over the limit', () => api.post('/api/v1/issuers', { ...minimalIssuer, description: 'x'.repeat(70 * 1024) }), 413, 'payload-too-large'],
    ['wrong content type', () => raw('POST', '/api/v1/issuers', 'name=x', 'text/plain'), 415, 'unsupported-media-type'],
    ['unknown issuer id', () => api.get('/api/v1/issuers/00000000-0000-0000-0000-000000000000'), 404, 'not-found'],
    ['unknown credential id to revoke', () => api.post('/api/v1/credentials/nope/revoke', { reason: 'x' }), 404, 'not-found'],
    ['award of an unknown achievement', () => api.post('/api/v1/credentials', minimalCredential('nope')), 404, 'not-found'],
    ['two recipient identities', () => api.post('/api/v1/credentials', { achievementId, recipient: { email: 'a@example.org', url: 'https://a.example' } }), 400, 'validation', ['/recipient']],
    ['no recipient identity', () => api.post('/api/v1/credentials', { achievementId, recipient: { name: 'Nobody' } }), 400, 'validation', ['/recipient']],
    ['expires before issuedOn', () => api.post('/api/v1/credentials', { ...minimalCredential(achievementId), issuedOn: '2026-01-02T00:00:00Z', expires: '2025-01-01T00:00:00Z' }), 400, 'validation', ['/expires']],
    ['criteria with neither narrative nor url', () => api.post('/api/v1/achievements', { ...minimalAchievement(issuerId), criteria: {} }), 400, 'validation', ['/criteria']],
    ['validity on a badge', () => api.post('/api/v1/achievements', { ...minimalAchievement(issuerId), kind: 'badge', validity: 'P1Y' }), 400, 'validation', ['/validity']],
    ['validity that is not a duration', () => api.post('/api/v1/achievements', { ...minimalAchievement(issuerId), kind: 'certification', validity: 'two years' }), 400, 'validation', ['/validity']],
    ['bad query limit', () => api.get('/api/v1/credentials?limit=abc'), 400, 'validation', ['/limit']],
    ['query limit out of range', () => api.get('/api/v1/credentials?limit=100000'), 400, 'validation', ['/limit']],
    ['unknown sort', () => api.get('/api/v1/issuers?sort=password'), 400, 'validation', ['/sort']],
    ['forged cursor', () => api.get('/api/v1/issuers?cursor=AAAA'), 400, 'validation', ['/cursor']],
    ['no credentials', () => apiClient(ctx.app).post('/api/v1/issuers', minimalIssuer), 401, 'unauthenticated'],
    ['malformed Authorization header', () => api.request('POST', '/api/v1/issuers', minimalIssuer, { authorization: 'Basic abc' }), 401, 'unauthenticated'],
    ['unknown route', () => api.get('/api/v1/nothing-here'), 404, 'route-not-found'],
    ['blank revocation reason', () => api.post(`/api/v1/credentials/nope/revoke`, { reason: '' }), 400, 'validation', ['/reason']],
    ['empty patch', () => api.patch(`/api/v1/issuers/${issuerId}`, {}), 400, 'validation'],
  ];

  it('answers each class of client mistake with a 4xx problem document, and the database is unchanged', async () => {
    const before = await snapshot();
    for (const [name, send, status, type, paths] of cases()) {
      const res = await send();
      expect.soft(res.statusCode, name).toBe(status);
      expect.soft(String(res.headers['content-type']), name).toContain('application/problem+json');
      const body = JSON.parse(res.body);
      expect.soft(body.type, name).toBe(`https://laurel.dev/problems/${type}`);
      expect.soft(body, name).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
      expect.soft(res.body, name).not.toMatch(/\bat .+\.(ts|js):\d+/); // never a stack trace
      if (paths) expect.soft(body.errors?.map((e: { path: string }) => e.path).sort(), name).toEqual([...paths].sort());
    }
    expect(await snapshot()).toEqual(before);
  });

  it('honours Idempotency-Key: the same key returns the same credential; another body with it is refused', async () => {
    const before = await snapshot();
    const key = { 'idempotency-key': 'award-42' };
    const first = await api.post('/api/v1/credentials', minimalCredential(achievementId, 'idem@example.org'), key);
    expect(first.statusCode).toBe(201);
    const again = await api.post('/api/v1/credentials', minimalCredential(achievementId, 'idem@example.org'), key);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(first.json().id);
    const parallel = await Promise.all([1, 2, 3].map(() => api.post('/api/v1/credentials', minimalCredential(achievementId, 'idem2@example.org'), { 'idempotency-key': 'award-43' })));
    expect(new Set(parallel.map((r) => r.json().id)).size).toBe(1);
    const after = await snapshot();
    expect(after.credentials).toBe(before.credentials! + 2);

    const reused = await api.post('/api/v1/credentials', minimalCredential(achievementId, 'someone-else@example.org'), key);
    expect(reused.statusCode).toBe(422);
    expect(reused.json().type).toBe('https://laurel.dev/problems/idempotency-key-reused');
    expect(await snapshot()).toEqual(after);
  });
});
