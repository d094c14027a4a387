import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createJobRunner, type JobRunner } from '../../src/adapters/jobs/job-runner.js';
import { guardedWebhookTransport } from '../../src/adapters/webhooks/guarded-transport.js';
import { jobHandlers } from '../../src/compose.js';
import { clearHooks, startHookReceiver, type HookReceiver, type ReceivedRequest } from '../support/hook-receiver.js';
import { ENGINES, apiClient, createTestApp, minimalCredential, type ApiClient, type TestContext, organisationWithAchievement } from '../support/test-app.js';
import { testJobRunner, drainJobs } from '../support/jobs.js';

/** What a receiver does with the Standard Webhooks reference library (not our code): verify, then parse. */
function verified(secret: string, r: ReceivedRequest): { type: string; data: Record<string, unknown> } {
  const headers = Object.fromEntries(['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((h) => [h, String(r.headers[h])]));
  return new Webhook(secret).verify(r.body, headers) as { type: string; data: Record<string, unknown> };
}

describe.each(ENGINES)('webhooks: test event and redelivery (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let runner: JobRunner;
  let receiver: HookReceiver;
  let achievementId: string;

  const drain = () => drainJobs(runner);
  const createHook = async (url = receiver.url) => {
    const res = await api.post('/api/v1/webhooks', { url, events: ['credential.issued'] });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string; secret: string }>();
  };

  beforeAll(async () => {
    receiver = await startHookReceiver();
    // The real clock: the receiver's library refuses timestamps more than five minutes away from its own.
    ctx = await createTestApp(engine);
    ctx.deps.webhookTransport = guardedWebhookTransport({ allowHosts: [`127.0.0.1:${receiver.port}`] });
    runner = testJobRunner(ctx);
    ({ api, achievementId } = await organisationWithAchievement(ctx.app));
  });
  afterAll(async () => {
    await ctx?.close();
    await receiver?.close();
  });
  // Each test starts with no endpoints and an empty receiver.
  beforeEach(() => clearHooks(api, receiver, drain));

  it('sends a signed ping now, through the real transport; the receiver verifies it with the Standard Webhooks library', async () => {
    const hook = await createHook();
    const res = await api.post(`/api/v1/webhooks/${hook.id}/test`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ event: 'ping', delivered: true, statusCode: 200, error: null, attempt: 1, nextRetryAt: null });
    expect(receiver.received).toHaveLength(1);
    const got = receiver.received[0]!;
    expect(got.headers['webhook-id']).toBe(res.json().messageId);
    const body = verified(hook.secret, got);
    expect(body.type).toBe('ping');
    expect(body.data.webhookId).toBe(hook.id);
    // Signed with this endpoint's secret, not any other.
    const other = await createHook();
    expect(() => verified(other.secret, got)).toThrow();

    // The ping is in the delivery log, and a test event never starts retries.
    const log = (await api.get(`/api/v1/webhooks/${hook.id}/deliveries`)).json().items;
    expect(log).toEqual([expect.objectContaining({ id: res.json().id, event: 'ping', delivered: true, statusCode: 200 })]);
    await drain();
    expect(receiver.received).toHaveLength(1);
  });

  it('a failed test event says why, schedules no retry and does not count towards turning the endpoint off', async () => {
    const hook = await createHook();
    receiver.statuses.push(503);
    const res = await api.post(`/api/v1/webhooks/${hook.id}/test`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ event: 'ping', delivered: false, statusCode: 503, error: 'HTTP 503', nextRetryAt: null });
    await drain();
    expect(receiver.received).toHaveLength(1);
    expect((await api.get(`/api/v1/webhooks/${hook.id}`)).json()).toMatchObject({ enabled: true, consecutiveFailures: 0 });
  });

  it('redelivers a past delivery: the same webhook-id and body, a fresh valid signature, logged as the next attempt', async () => {
    const hook = await createHook();
    receiver.statuses.push(500, 500);
    await api.post('/api/v1/credentials', minimalCredential(achievementId, 'redeliver@example.org'));
    await drain();
    expect(receiver.received).toHaveLength(1);
    const first = receiver.received[0]!;
    const [failed] = (await api.get(`/api/v1/webhooks/${hook.id}/deliveries`)).json().items;
    expect(failed).toMatchObject({ event: 'credential.issued', delivered: false, statusCode: 500, attempt: 1 });

    // Still failing: recorded, the message keeps its scheduled retry.
    const again = await api.post(`/api/v1/webhooks/${hook.id}/deliveries/${failed.id}/redeliver`);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ messageId: failed.messageId, event: 'credential.issued', attempt: 2, delivered: false, statusCode: 500 });

    const ok = await api.post(`/api/v1/webhooks/${hook.id}/deliveries/${failed.id}/redeliver`);
    expect(ok.json()).toMatchObject({ messageId: failed.messageId, attempt: 3, delivered: true, statusCode: 200 });
    expect(receiver.received).toHaveLength(3);
    const last = receiver.received[2]!;
    expect(last.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(last.body).toBe(first.body);
    expect(verified(hook.secret, last).type).toBe('credential.issued');

    const log = (await api.get(`/api/v1/webhooks/${hook.id}/deliveries`)).json().items;
    expect(log.map((a: { attempt: number; delivered: boolean }) => [a.attempt, a.delivered])).toEqual([[3, true], [2, false], [1, false]]);
    // Delivered by hand: the retry that was queued sends nothing more.
    const later = createJobRunner({ queue: ctx.deps.store.jobs, handlers: jobHandlers(ctx.deps), clock: { now: () => new Date(Date.now() + 3600_000) } });
    while ((await later.runOnce()) > 0);
    expect(receiver.received).toHaveLength(3);
  });

  it('refuses another endpoint’s delivery, an unknown one, another organisation’s endpoint, and callers without webhooks:write', async () => {
    const a = await createHook();
    const b = await createHook();
    await api.post(`/api/v1/webhooks/${a.id}/test`);
    const [delivery] = (await api.get(`/api/v1/webhooks/${a.id}/deliveries`)).json().items;
    for (const res of [
      await api.post(`/api/v1/webhooks/${b.id}/deliveries/${delivery.id}/redeliver`),
      await api.post(`/api/v1/webhooks/${a.id}/deliveries/no-such-delivery/redeliver`),
      await api.post('/api/v1/webhooks/no-such-hook/test'),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    const viewer = apiClient(ctx.app, (await api.post('/api/v1/api-keys', { name: 'viewer', role: 'viewer' })).json().secret);
    const admin = apiClient(ctx.app, (await api.post('/api/v1/api-keys', { name: 'reader', role: 'admin', scopes: ['webhooks:read'] })).json().secret);
    for (const client of [viewer, admin]) {
      for (const res of [await client.post(`/api/v1/webhooks/${a.id}/test`), await client.post(`/api/v1/webhooks/${a.id}/deliveries/${delivery.id}/redeliver`)]) {
        expect(res.statusCode).toBe(403);
        expect(res.json().type).toBe('https://laurel.dev/problems/forbidden');
      }
    }
    const anonymous = await ctx.app.inject({ method: 'POST', url: `/api/v1/webhooks/${a.id}/test` });
    expect(anonymous.statusCode).toBe(401);
    expect(receiver.received).toHaveLength(1);
  });

  it('a test event to an address the guard refuses is a failed attempt, not a request sent there', async () => {
    const hook = await createHook();
    // Point the endpoint somewhere private behind the guard's back (as a DNS change would).
    const row = await ctx.deps.store.webhooks.findById((await api.get('/api/v1/organisation')).json().id, hook.id);
    await ctx.deps.store.webhooks.update({ ...row!, url: 'https://127.0.0.2:9/hooks' });
    const res = await api.post(`/api/v1/webhooks/${hook.id}/test`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ delivered: false, statusCode: null });
    expect(res.json().error).toMatch(/not allowed|private|loopback|address/i);
    expect(receiver.received).toHaveLength(0);
  });
});
