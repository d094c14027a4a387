import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../src/domain/organisations/create-organisation.js';
import {
  ENGINES, PASSWORD, addMemberByInvitation, apiClient, createTestApp, minimalAchievement, minimalCredential, minimalIssuer, setupOrganisation, type ApiClient, type TestContext,
} from '../support/test-app.js';

/** A signed-in member: session cookie, and the CSRF token on writes. */
async function signIn(ctx: TestContext, email: string) {
  const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password: PASSWORD } });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = String(res.headers['set-cookie']).split(';')[0]!;
  const { csrfToken } = res.json();
  return {
    get: (url: string) => ctx.app.inject({ method: 'GET', url, headers: { cookie } }),
    post: (url: string, csrf = csrfToken as string) => ctx.app.inject({ method: 'POST', url, headers: { cookie, 'x-csrf-token': csrf } }),
  };
}

const stepsOf = (body: { steps: { id: string; done: boolean }[] }) => Object.fromEntries(body.steps.map((s) => [s.id, s.done]));

describe.each(ENGINES)('getting-started steps (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    api = apiClient(ctx.app, (await setupOrganisation(ctx.app)).apiKey);
  });
  afterAll(async () => ctx?.close());

  it('computes each step from the organisation’s own data, and stops showing once all are done', async () => {
    const owner = await signIn(ctx, 'owner@acme.example');
    let res = await owner.get('/api/v1/getting-started');
    expect(res.statusCode, res.body).toBe(200);
    expect(stepsOf(res.json())).toEqual({ issuer: false, achievement: false, award: false, invite: false });
    expect(res.json()).toMatchObject({ complete: false, dismissed: false, show: true });

    // Another organisation's progress is not ours.
    const other = await createOrganisation(ctx.deps, { name: 'Other Org', owner: { email: 'owner@other.example', password: PASSWORD } });
    const otherApi = apiClient(ctx.app, other.apiKeySecret);
    const otherIssuer = (await otherApi.post('/api/v1/issuers', minimalIssuer)).json().id;
    const otherAchievement = (await otherApi.post('/api/v1/achievements', minimalAchievement(otherIssuer))).json().id;
    await otherApi.post('/api/v1/credentials', minimalCredential(otherAchievement));
    expect(stepsOf((await owner.get('/api/v1/getting-started')).json())).toEqual({ issuer: false, achievement: false, award: false, invite: false });

    const issuerId = (await api.post('/api/v1/issuers', minimalIssuer)).json().id;
    expect(stepsOf((await owner.get('/api/v1/getting-started')).json())).toMatchObject({ issuer: true, achievement: false });
    const achievementId = (await api.post('/api/v1/achievements', minimalAchievement(issuerId))).json().id;
    await api.post('/api/v1/credentials', minimalCredential(achievementId));
    expect(stepsOf((await owner.get('/api/v1/getting-started')).json())).toEqual({ issuer: true, achievement: true, award: true, invite: false });

    await api.post('/api/v1/invitations', { email: 'colleague@acme.example', role: 'issuer' });
    res = await owner.get('/api/v1/getting-started');
    expect(stepsOf(res.json())).toEqual({ issuer: true, achievement: true, award: true, invite: true });
    expect(res.json()).toMatchObject({ complete: true, dismissed: false, show: false });
  });

  it('a dismissal is remembered on the server for that member only, and needs the CSRF token', async () => {
    // A fresh organisation, where the steps are not done.
    const fresh = await createOrganisation(ctx.deps, { name: 'Fresh Org', owner: { email: 'owner@fresh.example', password: PASSWORD } });
    const freshApi = apiClient(ctx.app, fresh.apiKeySecret);
    await addMemberByInvitation(ctx, freshApi, 'second@fresh.example', 'admin');
    const owner = await signIn(ctx, 'owner@fresh.example');
    const second = await signIn(ctx, 'second@fresh.example');
    expect((await owner.get('/api/v1/getting-started')).json()).toMatchObject({ show: true, dismissed: false });

    const forged = await owner.post('/api/v1/getting-started/dismiss', 'not-the-token');
    expect(forged.statusCode).toBe(403);
    expect((await owner.get('/api/v1/getting-started')).json().dismissed).toBe(false);

    const dismissed = await owner.post('/api/v1/getting-started/dismiss');
    expect(dismissed.statusCode, dismissed.body).toBe(200);
    expect(dismissed.json()).toMatchObject({ dismissed: true, show: false });
    // Remembered server-side: a new session of the same member still has it dismissed.
    expect((await (await signIn(ctx, 'owner@fresh.example')).get('/api/v1/getting-started')).json()).toMatchObject({ dismissed: true, show: false });
    // Another member of the organisation still sees the steps.
    expect((await second.get('/api/v1/getting-started')).json()).toMatchObject({ dismissed: false, show: true });

    const anonymous = await ctx.app.inject({ method: 'GET', url: '/api/v1/getting-started' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toContain('application/problem+json');
  });
});
