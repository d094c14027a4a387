import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createTestApp, ENGINES, PASSWORD, setupOrganisation, type TestContext } from '../support/test-app.js';

/** Password sign-ins, right and wrong, are on the audit screen (the hash-chained log) of the account's organisation. */
describe.each(ENGINES)('sign-ins in the audit log (%s)', (engine) => {
  let ctx: TestContext;
  let apiKey: string;

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    ({ apiKey } = await setupOrganisation(ctx.app));
  });
  afterAll(() => ctx?.close());

  it('records a wrong password and a sign-in, with method, IP and user agent, and the chain still verifies', async () => {
    const headers = { 'user-agent': 'AuditTest/1.0' };
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/session', headers, payload: { email: 'owner@acme.example', password: 'not the password' } })).statusCode).toBe(401);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/session', headers, payload: { email: 'nobody@acme.example', password: 'whatever' } })).statusCode).toBe(401);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/session', headers, payload: { email: 'owner@acme.example', password: PASSWORD } })).statusCode).toBe(200);

    const api = apiClient(ctx.app, apiKey);
    const log = await api.get('/api/v1/audit-log?action=session.');
    expect(log.statusCode, log.body).toBe(200);
    const items = log.json().items as { action: string; details: Record<string, unknown>; userAgent: string | null; ip: string | null }[];
    expect(items.map((i) => i.action)).toEqual(['session.sign-in', 'session.sign-in-failed']);
    expect(items[1]!.details).toMatchObject({ method: 'password', outcome: 'failure', reason: 'wrong-password' });
    expect(items[0]!.details).toMatchObject({ method: 'password', outcome: 'success' });
    expect(items[0]!.userAgent).toBe('AuditTest/1.0');
    expect(JSON.stringify(items)).not.toContain('not the password');
    const verified = await api.get('/api/v1/audit-log/verify');
    expect(verified.json()).toMatchObject({ valid: true });
  });
});
