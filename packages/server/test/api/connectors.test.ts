import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobRunner } from '../../src/adapters/jobs/job-runner.js';
import { guardedWebhookTransport } from '../../src/adapters/webhooks/guarded-transport.js';
import { createOrganisation } from '../../src/domain/organisations/create-organisation.js';
import { startHookReceiver, type HookReceiver } from '../support/hook-receiver.js';
import { ENGINES, PASSWORD, apiClient, createTestApp, minimalAchievement, minimalIssuer, setupOrganisation, type ApiClient, type TestContext } from '../support/test-app.js';
import { testJobRunner, drainJobs } from '../support/jobs.js';

describe.each(ENGINES)('no-code connectors: REST hooks and actions (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let other: ApiClient;
  let runner: JobRunner;
  let hook: HookReceiver;
  let issuerId: string;
  let achievementId: string;
  const drain = () => drainJobs(runner);

  beforeAll(async () => {
    hook = await startHookReceiver();
    ctx = await createTestApp(engine);
    // The real SSRF guard, with only the catch hook's host:port allowed (as LAUREL_FETCH_ALLOW_HOSTS would).
    ctx.deps.webhookTransport = guardedWebhookTransport({ allowHosts: [`127.0.0.1:${hook.port}`] });
    runner = testJobRunner(ctx);
    api = apiClient(ctx.app, (await setupOrganisation(ctx.app)).apiKey);
    other = apiClient(ctx.app, (await createOrganisation(ctx.deps, { name: 'Other Org', owner: { email: 'owner@other.example', password: PASSWORD } })).apiKeySecret);
    issuerId = (await api.post('/api/v1/issuers', minimalIssuer)).json().id;
    achievementId = (await api.post('/api/v1/achievements', { ...minimalAchievement(issuerId), name: 'Zapier Badge' })).json().id;
  });
  afterAll(async () => {
    await ctx?.close();
    await hook?.close();
  });

  it('subscribes, delivers signed events through the webhook machinery, lists, unsubscribes', async () => {
    const sub = await api.post('/api/v1/hooks', { targetUrl: hook.urlOf('/zap/1'), event: 'credential.issued' });
    expect(sub.statusCode, sub.body).toBe(201);
    const { id, secret } = sub.json();
    expect(secret).toMatch(/^whsec_/);
    expect((await api.get('/api/v1/hooks')).json()).toEqual([{ id, targetUrl: hook.urlOf('/zap/1'), event: 'credential.issued', createdAt: expect.any(String) }]);
    // Console endpoints are not REST hooks: neither listed here nor deletable here.
    const consoleHook = (await api.post('/api/v1/webhooks', { url: hook.urlOf('/console'), events: ['credential.revoked'] })).json();
    expect((await api.get('/api/v1/hooks')).json()).toHaveLength(1);
    expect((await api.request('DELETE', `/api/v1/hooks/${consoleHook.id}`)).statusCode).toBe(404);

    const award = await api.post('/api/v1/actions/award', { achievementId, email: 'zap@example.org', name: 'Zap User' });
    expect(award.statusCode, award.body).toBe(201);
    await drain();
    const got = hook.received.filter((r) => r.path === '/zap/1');
    expect(got).toHaveLength(1);
    expect(got[0]!.headers['webhook-signature']).toMatch(/^v1,/);
    expect(JSON.parse(got[0]!.body)).toMatchObject({ type: 'credential.issued', data: { id: award.json().id, achievementId } });

    expect((await api.request('DELETE', `/api/v1/hooks/${id}`)).statusCode).toBe(204);
    expect((await api.get('/api/v1/hooks')).json()).toEqual([]);
    expect((await api.request('DELETE', `/api/v1/hooks/${id}`)).statusCode).toBe(404);
    await api.request('DELETE', `/api/v1/webhooks/${consoleHook.id}`);
  });

  it('a target answering 410 Gone unsubscribes itself (and only a REST hook)', async () => {
    const { id } = (await api.post('/api/v1/hooks', { targetUrl: hook.urlOf('/zap/gone'), event: 'credential.issued' })).json();
    const plain = (await api.post('/api/v1/webhooks', { url: hook.urlOf('/plain'), events: ['credential.issued'] })).json();
    hook.received.length = 0;
    hook.statuses.push(410, 410);
    await api.post('/api/v1/actions/award', { achievementId, email: 'gone@example.org' });
    await drain();
    expect(hook.received.map((r) => r.path).sort()).toEqual(['/plain', '/zap/gone']);
    expect((await api.get('/api/v1/hooks')).json().map((h: { id: string }) => h.id)).not.toContain(id);
    // A console endpoint answering 410 is only a failed delivery, retried later.
    expect((await api.get(`/api/v1/webhooks/${plain.id}`)).json()).toMatchObject({ enabled: true });
    await api.request('DELETE', `/api/v1/webhooks/${plain.id}`);
  });

  it('refuses SSRF targets at subscribe, and other organisations cannot see or delete a hook', async () => {
    for (const targetUrl of ['http://127.0.0.1:9/x', 'http://169.254.169.254/latest/meta-data/', 'https://[::1]/x', 'http://localhost/x', 'file:///etc/passwd']) {
      const res = await api.post('/api/v1/hooks', { targetUrl, event: 'credential.issued' });
      expect(res.statusCode, targetUrl).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect((await api.post('/api/v1/hooks', { targetUrl: hook.urlOf('/x'), event: 'ping' })).statusCode).toBe(400);
    const { id } = (await api.post('/api/v1/hooks', { targetUrl: hook.urlOf('/mine'), event: 'credential.revoked' })).json();
    expect((await other.get('/api/v1/hooks')).json()).toEqual([]);
    const stolen = await other.request('DELETE', `/api/v1/hooks/${id}`);
    expect(stolen.statusCode).toBe(404);
    expect(stolen.json().type).toBe('https://laurel.dev/problems/not-found');
    expect((await api.get('/api/v1/hooks')).json().map((h: { id: string }) => h.id)).toContain(id);
    expect((await apiClient(ctx.app).get('/api/v1/hooks')).statusCode).toBe(401);
  });

  it('gives sample payloads of the delivered shape', async () => {
    const res = await api.get('/api/v1/hooks/samples/credential.revoked');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([{ type: 'credential.revoked', timestamp: expect.any(String), data: expect.objectContaining({ id: expect.any(String), status: 'revoked', url: expect.stringMatching(/^https:\/\//) }) }]);
    expect((await api.get('/api/v1/hooks/samples/not.an.event')).statusCode).toBe(400);
  });

  it('awards with flat fields, once per idempotency key, and lists dropdown choices as bare arrays', async () => {
    const body = { achievementId, email: 'Flat@Example.org', name: 'Flat Person', idempotencyKey: 'zap-run-1' };
    const first = await api.post('/api/v1/actions/award', body);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ achievementId, issuerId, recipientEmail: 'flat@example.org', recipientName: 'Flat Person', status: 'active', replayed: false });
    const again = await api.post('/api/v1/actions/award', body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: first.json().id, replayed: true });
    const reused = await api.post('/api/v1/actions/award', { ...body, email: 'someone-else@example.org' });
    expect(reused.statusCode).toBe(422);
    expect(reused.json().type).toBe('https://laurel.dev/problems/idempotency-key-reused');
    const bad = await api.post('/api/v1/actions/award', { achievementId, email: 'not an email' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().type).toBe('https://laurel.dev/problems/validation');
    // Another organisation's achievement is not found.
    expect((await other.post('/api/v1/actions/award', { achievementId, email: 'x@example.org' })).statusCode).toBe(404);

    expect((await api.get('/api/v1/actions/achievements')).json()).toEqual([{ id: achievementId, name: 'Zapier Badge', issuerId }]);
    expect((await api.get('/api/v1/actions/issuers')).json()).toEqual([{ id: issuerId, name: minimalIssuer.name }]);
    expect((await other.get('/api/v1/actions/achievements')).json()).toEqual([]);
    const second = (await api.post('/api/v1/achievements', { ...minimalAchievement(issuerId), name: 'Another Badge' })).json().id;
    const page = await api.get('/api/v1/actions/achievements?limit=1');
    expect(page.json()).toEqual([{ id: second, name: 'Another Badge', issuerId }]);
    const next = /<([^>]+)>; rel="next"/.exec(String(page.headers.link))![1]!;
    expect((await api.get(next)).json()).toEqual([{ id: achievementId, name: 'Zapier Badge', issuerId }]);
  });

  it('takes an OAuth client-credentials token as the rest of the API does, within its scopes', async () => {
    const made = (await api.post('/api/v1/oauth-clients', { name: 'Make scenario', scopes: ['laurel.read', 'laurel.issue'] })).json();
    const token = await ctx.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { authorization: `Basic ${Buffer.from(`${made.clientId}:${made.clientSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'grant_type=client_credentials',
    });
    expect(token.statusCode, token.body).toBe(200);
    const machine = apiClient(ctx.app, token.json().access_token);
    expect((await machine.get('/api/v1/actions/issuers')).json()).toEqual([{ id: issuerId, name: minimalIssuer.name }]);
    const awarded = await machine.post('/api/v1/actions/award', { achievementId, email: 'oauth@example.org' });
    expect(awarded.statusCode, awarded.body).toBe(201);
    // Subscribing needs webhooks:write (laurel.admin), which this client lacks.
    const refused = await machine.post('/api/v1/hooks', { targetUrl: hook.urlOf('/zap/oauth'), event: 'credential.issued' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().type).toBe('https://laurel.dev/problems/forbidden');
  });
});
