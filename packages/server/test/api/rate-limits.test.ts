import { Redis } from 'ioredis';
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/test-app.js';

const redisUrl = inject('redisUrl');

// Several stateless instances behind a load balancer share one count per client through Redis.
describe.skipIf(!redisUrl)('rate limits shared across instances through Redis', () => {
  let a: TestContext;
  let b: TestContext;
  const clients: Redis[] = [];

  beforeAll(async () => {
    const shared = () => {
      const client = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
      clients.push(client);
      return client;
    };
    a = await createTestApp('sqlite', { rateLimitRedis: shared() });
    b = await createTestApp('sqlite', { rateLimitRedis: shared() });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    for (const c of clients) c.disconnect();
  });

  it('counts sign-in link requests from one address on both instances together', async () => {
    const ip = `198.51.100.${randomInt(1, 250)}`; // a documentation address, unique per run
    const ask = (ctx: TestContext) => ctx.app.inject({ method: 'POST', url: '/api/v1/session/link', payload: { email: 'someone@example.org' }, remoteAddress: ip });
    const statuses: number[] = [];
    for (const ctx of [a, b, a, b, a]) statuses.push((await ask(ctx)).statusCode);
    expect(statuses).toEqual([202, 202, 202, 202, 202]);
    const sixth = await ask(b);
    expect(sixth.statusCode).toBe(429);
    expect(sixth.json()).toMatchObject({ type: 'https://laurel.dev/problems/rate-limited' });
    // Another client is not affected.
    expect((await a.app.inject({ method: 'POST', url: '/api/v1/session/link', payload: { email: 'x@example.org' }, remoteAddress: '203.0.113.7' })).statusCode).toBe(202);
  });
});
