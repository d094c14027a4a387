import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobRunner } from '../../src/adapters/jobs/job-runner.js';
import type { MailMessage } from '../../src/domain/notifications/ports.js';
import { ENGINES, PASSWORD, createTestApp, registerAccount, type ApiClient, type TestContext, organisationWithAchievement, sessionHeaders } from '../support/test-app.js';
import { testJobRunner } from '../support/jobs.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

describe.each(ENGINES)('an earner removes one of their addresses (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let runner: JobRunner;
  let achievementId: string;
  const outbox: MailMessage[] = [];

  beforeAll(async () => {
    ctx = await createTestApp(engine, { mailer: { send: async (m) => void outbox.push(m) } });
    runner = testJobRunner(ctx);
    ({ api, achievementId } = await organisationWithAchievement(ctx.app));
  });
  afterAll(async () => ctx?.close());

  const award = async (email: string): Promise<string> => {
    const id = (await api.post('/api/v1/credentials', { achievementId, recipient: { email, name: 'Ada Learner' } })).json().id;
    while ((await runner.runOnce()) > 0);
    return id;
  };
  const lastLink = (to: string, kind: 'claim' | 'verify-address'): string => {
    const mail = outbox.filter((m) => m.to === to && m.text.includes(`/${kind}/`)).pop()!;
    return new RegExp(`/${kind}/([A-Za-z0-9_-]+)`).exec(mail.text)![1]!;
  };
  const account = async (email: string) => {
    const signup = await registerAccount(ctx, email);
    const headers = sessionHeaders(signup);
    const call = (method: Method, url: string, payload?: object) => ctx.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
    return {
      call,
      addresses: async () => (await call('GET', '/api/v1/me/addresses')).json().items as { id: string; value: string }[],
      backpack: async () => ((await call('GET', '/api/v1/me/credentials')).json().items as { id: string }[]).map((c) => c.id).sort(),
    };
  };

  it('keeps claimed credentials, drops unclaimed ones, frees the address, and never removes the sign-in address', async () => {
    const ada = await account('ada@example.net');
    const claimed = await award('ada.work@example.com');
    expect((await ada.call('POST', `/api/v1/claims/${lastLink('ada.work@example.com', 'claim')}`)).json().address).toBe('sent');
    while ((await runner.runOnce()) > 0);
    expect((await ada.call('POST', '/api/v1/me/addresses/confirm', { token: lastLink('ada.work@example.com', 'verify-address') })).statusCode).toBe(200);
    const unclaimed = await award('ada.work@example.com');
    expect(await ada.backpack()).toEqual([claimed, unclaimed].sort());

    // The sign-in address, once verified, is listed but cannot be removed.
    await award('ada@example.net');
    expect((await ada.call('POST', `/api/v1/claims/${lastLink('ada@example.net', 'claim')}`)).statusCode).toBe(200);
    const signInAddress = (await ada.addresses()).find((a) => a.value === 'ada@example.net')!;
    const refused = await ada.call('DELETE', `/api/v1/me/addresses/${signInAddress.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ type: 'https://laurel.dev/problems/conflict', detail: 'this is the address you sign in with, so it cannot be removed' });

    const work = (await ada.addresses()).find((a) => a.value === 'ada.work@example.com')!;
    const removed = await ada.call('DELETE', `/api/v1/me/addresses/${work.id}`);
    expect(removed.statusCode, removed.body).toBe(204);
    expect((await ada.addresses()).map((a) => a.value)).toEqual(['ada@example.net']);
    const backpack = await ada.backpack();
    expect(backpack).toContain(claimed);
    expect(backpack).not.toContain(unclaimed);
    expect((await ada.call('DELETE', `/api/v1/me/addresses/${work.id}`)).statusCode).toBe(404);

    // Another account can now verify the address and sees the unclaimed credential, not Ada's claimed one.
    const bob = await account('bob@example.net');
    expect((await bob.call('POST', '/api/v1/me/addresses', { email: 'ada.work@example.com' })).statusCode).toBe(202);
    while ((await runner.runOnce()) > 0);
    const confirmed = await bob.call('POST', '/api/v1/me/addresses/confirm', { token: lastLink('ada.work@example.com', 'verify-address') });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(await bob.backpack()).toEqual([unclaimed]);
    // Ada's claim holds: Bob neither sees nor changes her credential, nor claims it with a resent link.
    expect((await bob.call('PATCH', `/api/v1/me/credentials/${claimed}`, { visibility: 'private' })).statusCode).toBe(404);
    expect((await api.post(`/api/v1/credentials/${claimed}/notify`)).statusCode).toBe(202);
    while ((await runner.runOnce()) > 0);
    const stolen = await bob.call('POST', `/api/v1/claims/${lastLink('ada.work@example.com', 'claim')}`);
    expect(stolen.statusCode).toBe(409);
    expect(stolen.json().detail).toBe('this credential was already claimed by another account');
    expect(await ada.backpack()).toContain(claimed);
    expect((await ada.call('PATCH', `/api/v1/me/credentials/${claimed}`, { visibility: 'private' })).statusCode).toBe(200);
    expect((await ada.call('GET', `/credentials/${claimed}`)).statusCode).toBe(200);
    expect((await bob.call('GET', `/credentials/${claimed}`)).statusCode).toBe(404);

    // Someone else's address id is not found, and unchanged; signed out is 401, without CSRF 403.
    const bobsAll = (await bob.addresses()).map((a) => a.id);
    const bobs = (await bob.addresses())[0]!;
    const foreign = await ada.call('DELETE', `/api/v1/me/addresses/${bobs.id}`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().type).toBe('https://laurel.dev/problems/not-found');
    expect((await bob.addresses()).map((a) => a.id)).toEqual(bobsAll);
    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/v1/me/addresses/${bobs.id}` })).statusCode).toBe(401);
    const cookieOnly = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/me/addresses/${bobs.id}`, headers: { cookie: String((await ctx.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'bob@example.net', password: PASSWORD } })).headers['set-cookie']).split(';')[0]! } });
    expect(cookieOnly.statusCode).toBe(403);
  });
});
