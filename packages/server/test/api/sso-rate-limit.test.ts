import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/test-app.js';

/**
 * Starting a single sign-on (organisation or earner provider) and the providers' answers are throttled per
 * client IP (the shared rate-limit machinery: Redis when configured): an attacker cannot fill the pending
 * sign-ins table or make Laurel verify signatures without end. Not storage-bound: one engine.
 */
describe('rate limits on single sign-on', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp('sqlite');
    ctx.deps.earnerProviders = [{ id: 'acme-id', label: 'Acme ID', issuer: 'https://id.acme.example', clientId: 'c', clientSecret: 's' }];
  });
  afterAll(() => ctx?.close());

  const routes: { name: string; request: (ip: string) => InjectOptions }[] = [
    { name: 'start (organisation)', request: (ip) => ({ method: 'POST', url: '/api/v1/session/sso', payload: { slug: 'nobody-here' }, remoteAddress: ip }) },
    { name: 'OIDC callback', request: (ip) => ({ method: 'GET', url: '/api/v1/session/sso/oidc/callback?code=x&state=y', cookies: { laurel_sso: 'forged' }, remoteAddress: ip }) },
    {
      name: 'SAML ACS',
      request: (ip) => ({ method: 'POST', url: '/api/v1/session/sso/saml/00000000-0000-4000-8000-000000000000/acs', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'SAMLResponse=PGZvcmdlZC8%2B&RelayState=x', remoteAddress: ip }),
    },
    { name: 'start (earner provider)', request: (ip) => ({ method: 'POST', url: '/api/v1/session/providers/not-configured', remoteAddress: ip }) },
    { name: 'earner provider callback', request: (ip) => ({ method: 'GET', url: '/api/v1/session/earner-oidc/callback?code=x&state=y', cookies: { laurel_earner_oidc: 'forged' }, remoteAddress: ip }) },
  ];

  it.each(routes.map((r, i) => [r.name, r, i] as const))('throttles the %s per client IP with a problem document', async (_name, route, i) => {
    const ip = `198.51.100.${10 + i}`;
    for (let n = 0; n < 20; n++) {
      const res = await ctx.app.inject(route.request(ip));
      expect(res.statusCode, res.body).not.toBe(429);
      expect(res.statusCode).toBeLessThan(500);
    }
    const limited = await ctx.app.inject(route.request(ip));
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.json()).toMatchObject({ type: 'https://laurel.dev/problems/rate-limited', status: 429 });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another client is not affected.
    expect((await ctx.app.inject(route.request(`203.0.113.${10 + i}`))).statusCode).not.toBe(429);
  });
});
