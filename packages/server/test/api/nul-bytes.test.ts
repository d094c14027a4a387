import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, apiClient, createTestApp, minimalIssuer, setupOrganisation, type TestContext } from '../support/test-app.js';

/**
 * PostgreSQL refuses text with a NUL byte, and jsonb refuses a lone surrogate escape: such input, in a
 * path, query or JSON body, anonymous or signed in, is a 400 problem before any handler, on every engine.
 */
describe.each(ENGINES)('NUL bytes and lone surrogates (%s)', (engine) => {
  let ctx: TestContext;
  let apiKey: string;
  let issuerId: string;

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    apiKey = (await setupOrganisation(ctx.app)).apiKey;
    issuerId = (await apiClient(ctx.app, apiKey).post('/api/v1/issuers', minimalIssuer)).json().id;
  });
  afterAll(async () => ctx?.close());

  const send = (method: 'GET' | 'POST' | 'PATCH', url: string, body?: string, auth = false) =>
    ctx.app.inject({ method, url, ...(body === undefined ? {} : { payload: body }), headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(auth ? { authorization: `Bearer ${apiKey}` } : {}) } });

  const cases = (): [string, () => ReturnType<typeof send>][] => [
    ['anonymous path param', () => send('GET', '/ob2/assertions/abc%00def')],
    ['anonymous path param (badge class)', () => send('GET', '/ob2/badges/abc%00def')],
    ['anonymous public page', () => send('GET', '/credentials/abcdefghijklmnop%00q')],
    ['anonymous stored image', () => send('GET', '/images/abcdefgh%00ij.png')],
    ['anonymous profile handle', () => send('GET', '/u/ada%00x')],
    ['anonymous query', () => send('GET', `/credentials/abcdefghijklmnopq/badge.png?version=3%00`)],
    ['anonymous JSON body (sign-in)', () => send('POST', '/api/v1/session', JSON.stringify({ email: 'a\u0000@example.org', password: 'a long enough password' }))],
    ['anonymous JSON body, escaped', () => send('POST', '/api/v1/session', '{"email":"a\\u0000@example.org","password":"a long enough password"}')],
    ['anonymous JSON body, lone surrogate', () => send('POST', '/api/v1/session', '{"email":"a\\ud800@example.org","password":"a long enough password"}')],
    ['anonymous token param', () => send('POST', '/api/v1/unsubscribe/tok%00en')],
    ['authenticated path param', () => send('GET', '/api/v1/issuers/abc%00', undefined, true)],
    ['authenticated query', () => send('GET', '/api/v1/issuers?cursor=%00', undefined, true)],
    ['authenticated JSON body', () => send('POST', '/api/v1/issuers', JSON.stringify({ ...minimalIssuer, name: 'Acme\u0000' }), true)],
    ['authenticated JSON key', () => send('PATCH', `/api/v1/issuers/${issuerId}`, '{"description":"x","na\\u0000me":"y"}', true)],
    ['authenticated nested JSON', () => send('POST', '/api/v1/issuers', '{"name":"Acme","url":"https://acme.example","email":"badges@acme.example","description":"x\\udc00y"}', true)],
    ['authenticated CSV body', async () => {
      const achievementId = (await apiClient(ctx.app, apiKey).post('/api/v1/achievements', { issuerId, name: 'N', description: 'D', criteria: { narrative: 'n' }, kind: 'badge' })).json().id;
      return ctx.app.inject({ method: 'POST', url: `/api/v1/achievements/${achievementId}/bulk?dryRun=true`, payload: 'email,name\nx@example.org,A\u0000da\n', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'text/csv' } });
    }],
  ];

  it('answers 400 validation problems, never 500', async () => {
    for (const [name, request] of cases()) {
      const res = await request();
      expect(res.statusCode, `${name}: ${res.body}`).toBe(400);
      expect(res.headers['content-type'], name).toContain('application/problem+json');
      expect(res.json().type, name).toBe('https://laurel.dev/problems/validation');
    }
    // Nothing was written.
    expect((await apiClient(ctx.app, apiKey).get(`/api/v1/issuers/${issuerId}`)).json().name).toBe(minimalIssuer.name);
  });
});
