import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/test-app.js';

// No storage is involved: one engine is enough.
describe('POST /vc/credentials/verify is rate-limited per client IP, like POST /api/v1/verify', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp('sqlite');
  });
  afterAll(async () => ctx?.close());

  it('answers 429 (a problem document) once the limit is used up, and only for that client', async () => {
    const verify = (ip: string) => ctx.app.inject({ method: 'POST', url: '/vc/credentials/verify', payload: { verifiableCredential: 'not.a.credential' }, remoteAddress: ip });
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await verify('203.0.113.7')).statusCode);
    expect(new Set(statuses)).toEqual(new Set([400]));
    const limited = await verify('203.0.113.7');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().type).toBe('https://laurel.dev/problems/rate-limited');
    expect(limited.headers['retry-after']).toBeDefined();
    expect((await verify('203.0.113.8')).statusCode).toBe(400);
  });
});
