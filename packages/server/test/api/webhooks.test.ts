import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JobRunner } from '../../src/adapters/jobs/job-runner.js';
import { guardedWebhookTransport } from '../../src/adapters/webhooks/guarded-transport.js';
import { MAX_ATTEMPTS } from '../../src/domain/webhooks/deliver-webhook.js';
import { clearHooks, startHookReceiver, type HookReceiver, type ReceivedRequest } from '../support/hook-receiver.js';
import { ENGINES, apiClient, createTestApp, registerAccount, type ApiClient, type TestContext, organisationWithAchievement, sessionHeaders } from '../support/test-app.js';
import { drainJobs, testJobRunner } from '../support/jobs.js';

/** Verifies a Standard Webhooks signature from scratch (node:crypto only), as a receiver would. */
function verifySignature(secret: string, r: ReceivedRequest): boolean {
  const id = String(r.headers['webhook-id']);
  const ts = String(r.headers['webhook-timestamp']);
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${ts}.${r.body}`).digest();
  return String(r.headers['webhook-signature'])
    .split(' ')
    .some((sig) => {
      const [version, value] = sig.split(',');
      const given = Buffer.from(value ?? '', 'base64');
      return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
    });
}

describe.each(ENGINES)('webhooks (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let runner: JobRunner;
  let receiver: HookReceiver;
  let achievementId: string;
  let now = Date.parse('2026-11-23T10:00:00Z');
  const clock = { now: () => new Date(now) };
  const mails: string[] = [];

  /** Run every due job, including the ones the jobs enqueue. */
  const drain = () => drainJobs(runner);
  const award = async () => (await api.post('/api/v1/credentials', { achievementId, recipient: { email: 'ada@example.org', name: 'Ada Learner' } })).json();
  const createHook = async (events: string[], url = receiver.url) => {
    const res = await api.post('/api/v1/webhooks', { url, events, description: 'our LMS' });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string; secret: string }>();
  };

  beforeAll(async () => {
    receiver = await startHookReceiver();
    ctx = await createTestApp(engine, { clock, mailer: { send: async (m) => void mails.push(JSON.stringify(m)) } });
    ctx.deps.webhookTransport = guardedWebhookTransport({ allowHosts: [`127.0.0.1:${receiver.port}`] });
    runner = testJobRunner(ctx, clock);
    ({ api, achievementId } = await organisationWithAchievement(ctx.app));
  });
  afterAll(async () => {
    await ctx?.close();
    await receiver?.close();
  });
  // Each test starts with no endpoints and an empty receiver.
  beforeEach(() => clearHooks(api, receiver, drain));

  it('delivers credential.issued, signed with the secret shown once, with no recipient data', async () => {
    const hook = await createHook(['credential.issued', 'credential.revoked']);
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const listed = (await api.get('/api/v1/webhooks')).json();
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]).toMatchObject({ id: hook.id, url: receiver.url, events: ['credential.issued', 'credential.revoked'], enabled: true, description: 'our LMS' });
    expect(JSON.stringify(listed)).not.toContain(hook.secret.slice(6));
    const one = (await api.get(`/api/v1/webhooks/${hook.id}`)).json();
    expect(one).not.toHaveProperty('secret');
    expect(JSON.stringify(one)).not.toContain(hook.secret.slice(6));

    const credential = await award();
    expect(receiver.received).toHaveLength(0); // nothing is sent inside the request
    await drain();
    expect(receiver.received).toHaveLength(1);
    const got = receiver.received[0]!;
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['webhook-id']).toMatch(/^msg_/);
    expect(got.headers['webhook-timestamp']).toBe(String(Math.floor(now / 1000)));
    expect(verifySignature(hook.secret, got)).toBe(true);
    expect(verifySignature('whsec_' + Buffer.alloc(32, 1).toString('base64'), got)).toBe(false);
    const body = JSON.parse(got.body);
    expect(body).toEqual({
      type: 'credential.issued',
      timestamp: credential.createdAt,
      data: {
        id: credential.id, achievementId, issuerId: credential.issuerId, status: 'active',
        url: `https://badges.test.example/credentials/${credential.id}`, ob3: `https://badges.test.example/ob3/credentials/${credential.id}`,
      },
    });
    expect(got.body).not.toContain('ada@example.org');
    expect(got.body).not.toContain('Ada Learner');

    const deliveries = (await api.get(`/api/v1/webhooks/${hook.id}/deliveries`)).json();
    expect(deliveries.items).toEqual([
      expect.objectContaining({ messageId: got.headers['webhook-id'], event: 'credential.issued', attempt: 1, delivered: true, statusCode: 200, error: null, nextRetryAt: null }),
    ]);
    expect(deliveries.items[0].durationMs).toEqual(expect.any(Number));

    // The audit log names the endpoint but never its secret.
    const audit = (await api.get('/api/v1/audit-log?limit=50')).json();
    expect(audit.items.map((e: { action: string }) => e.action)).toContain('webhook.create');
    expect(JSON.stringify(audit)).not.toContain(hook.secret.slice(6));
  });

  it('sends revoked, suspended and reinstated only to endpoints subscribed to them', async () => {
    const all = await createHook(['credential.issued', 'credential.revoked', 'credential.suspended', 'credential.reinstated']);
    const revokedOnly = await createHook(['credential.revoked']);
    const credential = await award();
    await drain();
    expect(receiver.received).toHaveLength(1); // issued: only the first endpoint
    expect(await api.post(`/api/v1/credentials/${credential.id}/suspend`, { reason: 'checking' })).toHaveProperty('statusCode', 200);
    expect(await api.post(`/api/v1/credentials/${credential.id}/reinstate`)).toHaveProperty('statusCode', 200);
    expect(await api.post(`/api/v1/credentials/${credential.id}/revoke`, { reason: 'cheated' })).toHaveProperty('statusCode', 200);
    await drain();
    const events = receiver.received.map((r) => [JSON.parse(r.body).type, JSON.parse(r.body).data.status, verifySignature(all.secret, r) ? 'all' : verifySignature(revokedOnly.secret, r) ? 'revokedOnly' : '?']);
    expect(events.sort()).toEqual(
      [
        ['credential.issued', 'active', 'all'],
        ['credential.reinstated', 'active', 'all'],
        ['credential.revoked', 'revoked', 'all'],
        ['credential.revoked', 'revoked', 'revokedOnly'],
        ['credential.suspended', 'suspended', 'all'],
      ].sort(),
    );
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(5);
  });

  it('sends credential.claimed when the earner claims it', async () => {
    const hook = await createHook(['credential.claimed']);
    const credential = await award();
    await drain();
    expect(receiver.received).toHaveLength(0);
    const token = /\/claim\/([A-Za-z0-9_-]+)/.exec(mails.at(-1)!)![1]!;
    const signup = await registerAccount(ctx, 'ada.claims@example.net');
    const headers = sessionHeaders(signup);
    expect((await ctx.app.inject({ method: 'POST', url: `/api/v1/claims/${token}`, headers })).statusCode).toBe(200);
    await drain();
    expect(receiver.received).toHaveLength(1);
    expect(verifySignature(hook.secret, receiver.received[0]!)).toBe(true);
    expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({ type: 'credential.claimed', data: { id: credential.id, status: 'active' } });
    // Nothing about the person: not the recipient's address or name, not the claiming account's address. (Not a bare
    // 'ada': random ids are hexadecimal, and one in about fifty bodies has "ada" in an id.)
    for (const personal of ['ada@example.org', 'Ada Learner', 'ada.claims@example.net']) expect(receiver.received[0]!.body).not.toContain(personal);
  });

  it('retries a failed delivery with the same webhook-id, and logs every attempt', async () => {
    const hook = await createHook(['credential.issued']);
    receiver.statuses.push(500);
    await award();
    await drain();
    expect(receiver.received).toHaveLength(1);
    let log = (await api.get(`/api/v1/webhooks/${hook.id}/deliveries`)).json().items;
    expect(log).toEqual([expect.objectContaining({ attempt: 1, delivered: false, statusCode: 500, error: 'HTTP 500', nextRetryAt: new Date(now + 5000).toISOString() })]);
    await drain();
    expect(receiver.received).toHaveLength(1); // not before its time
    now += 5000;
    await drain();
    expect(receiver.received).toHaveLength(2);
    const [first, second] = receiver.received;
    expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    expect(second!.body).toBe(first!.body);
    expect(verifySignature(hook.secret, second!)).toBe(true);
    log = (await api.get(`/api/v1/webhooks/${hook.id}/deliveries`)).json().items;
    expect(log.map((a: { attempt: number; delivered: boolean }) => [a.attempt, a.delivered])).toEqual([[2, true], [1, false]]);
    expect((await api.get(`/api/v1/webhooks/${hook.id}`)).json().consecutiveFailures).toBe(0);
  });

  it('turns an endpoint off after deliveries in a row use up every attempt', async () => {
    const hook = await createHook(['credential.issued']);
    receiver.statuses.push(...Array<number>(5 * MAX_ATTEMPTS).fill(503));
    for (let i = 0; i < 5; i++) await award();
    for (let round = 0; round <= MAX_ATTEMPTS; round++) {
      await drain();
      now += 11 * 3600 * 1000;
    }
    expect(receiver.received).toHaveLength(5 * MAX_ATTEMPTS);
    const view = (await api.get(`/api/v1/webhooks/${hook.id}`)).json();
    expect(view).toMatchObject({ enabled: false, consecutiveFailures: 5, disabledReason: expect.stringContaining('5 deliveries in a row failed') });
    const log = (await api.get(`/api/v1/webhooks/${hook.id}/deliveries?limit=1`)).json();
    expect(log.items[0]).toMatchObject({ attempt: MAX_ATTEMPTS, delivered: false, nextRetryAt: null });
    expect(log.nextCursor).toEqual(expect.any(String));

    // Nothing more is sent while it is off; turning it on clears the count.
    await award();
    await drain();
    expect(receiver.received).toHaveLength(5 * MAX_ATTEMPTS);
    const on = (await api.patch(`/api/v1/webhooks/${hook.id}`, { enabled: true })).json();
    expect(on).toMatchObject({ enabled: true, consecutiveFailures: 0, disabledReason: null });
  });

  it('rotates the secret: shown once, the new one signs', async () => {
    const hook = await createHook(['credential.issued']);
    const rotated = await api.post(`/api/v1/webhooks/${hook.id}/rotate-secret`);
    expect(rotated.statusCode).toBe(200);
    const { secret } = rotated.json();
    expect(secret).not.toBe(hook.secret);
    expect(JSON.stringify((await api.get(`/api/v1/webhooks/${hook.id}`)).json())).not.toContain(secret.slice(6));
    await award();
    await drain();
    expect(verifySignature(secret, receiver.received[0]!)).toBe(true);
    expect(verifySignature(hook.secret, receiver.received[0]!)).toBe(false);
    expect(JSON.stringify((await api.get('/api/v1/audit-log?limit=50')).json())).not.toContain(secret.slice(6));
  });

  it('refuses private addresses at creation and at delivery', async () => {
    for (const url of ['https://127.0.0.1:1/hook', 'https://10.1.2.3/hook', 'https://169.254.169.254/latest', 'https://[::1]/hook', `http://127.0.0.1:${receiver.port + 1}/hook`, 'http://example.com/hook', 'ftp://example.com/x', 'not a url']) {
      const res = await api.post('/api/v1/webhooks', { url, events: ['credential.issued'] });
      expect.soft(res.statusCode, url).toBe(400);
      expect.soft(res.json().type, url).toBe('https://laurel.dev/problems/validation');
    }
    expect((await api.get('/api/v1/webhooks')).json().items).toEqual([]);

    // Allowed when registered, refused when sent (the allow-list changed since): never reaches it.
    const hook = await createHook(['credential.issued']);
    const allowed = ctx.deps.webhookTransport;
    ctx.deps.webhookTransport = guardedWebhookTransport();
    try {
      await award();
      await drain();
    } finally {
      ctx.deps.webhookTransport = allowed;
    }
    expect(receiver.received).toHaveLength(0);
    const [attempt] = (await api.get(`/api/v1/webhooks/${hook.id}/deliveries`)).json().items;
    expect(attempt).toMatchObject({ attempt: 1, delivered: false, statusCode: null });
    expect(attempt.error).toMatch(/only https|private|loopback|public/);

    // Changing the URL to a refused one is refused too.
    expect((await api.patch(`/api/v1/webhooks/${hook.id}`, { url: 'https://192.168.0.1/x' })).statusCode).toBe(400);
  });

  it('answers bad input and missing permissions with problem documents', async () => {
    const bad = [
      { url: receiver.url, events: [] },
      { url: receiver.url, events: ['credential.exploded'] },
      { url: receiver.url },
      { events: ['credential.issued'] },
      { url: receiver.url, events: ['credential.issued'], secret: 'mine' },
      { url: receiver.url, events: ['credential.issued', 'credential.issued'] },
    ];
    for (const body of bad) {
      const res = await api.post('/api/v1/webhooks', body);
      expect.soft(res.statusCode, JSON.stringify(body)).toBe(400);
      expect.soft(res.headers['content-type'], JSON.stringify(body)).toMatch(/application\/problem\+json/);
    }
    const hook = await createHook(['credential.issued']);
    expect((await api.patch(`/api/v1/webhooks/${hook.id}`, {})).statusCode).toBe(400);
    expect((await api.patch(`/api/v1/webhooks/${hook.id}`, { enabled: 'yes' })).statusCode).toBe(400);
    expect((await api.get('/api/v1/webhooks/nope')).statusCode).toBe(404);
    expect((await api.get(`/api/v1/webhooks/${hook.id}/deliveries?cursor=zzz`)).statusCode).toBe(400);

    const viewerKey = (await api.post('/api/v1/api-keys', { name: 'viewer', role: 'viewer' })).json().secret;
    const viewer = apiClient(ctx.app, viewerKey);
    expect((await viewer.get('/api/v1/webhooks')).statusCode).toBe(403);
    expect((await viewer.post('/api/v1/webhooks', { url: receiver.url, events: ['credential.issued'] })).statusCode).toBe(403);
    const readOnlyKey = (await api.post('/api/v1/api-keys', { name: 'hooks reader', role: 'admin', scopes: ['webhooks:read'] })).json().secret;
    const reader = apiClient(ctx.app, readOnlyKey);
    expect((await reader.get(`/api/v1/webhooks/${hook.id}`)).statusCode).toBe(200);
    expect((await reader.post(`/api/v1/webhooks/${hook.id}/rotate-secret`)).statusCode).toBe(403);

    expect((await api.request('DELETE', `/api/v1/webhooks/${hook.id}`)).statusCode).toBe(204);
    expect((await api.get(`/api/v1/webhooks/${hook.id}`)).statusCode).toBe(404);
  });
});
