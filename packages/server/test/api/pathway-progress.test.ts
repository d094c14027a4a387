import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../src/domain/organisations/create-organisation.js';
import { ENGINES, PASSWORD, apiClient, createTestApp, minimalAchievement, minimalIssuer, registerAccount, setupOrganisation, type ApiClient, type TestContext } from '../support/test-app.js';

describe.each(ENGINES)('pathway progress in the backpack (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let other: ApiClient;
  const ids: Record<string, string> = {};

  const achievement = async (client: ApiClient, issuerId: string, name: string) => {
    const res = await client.post('/api/v1/achievements', { ...minimalAchievement(issuerId), name });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const award = async (client: ApiClient, achievementId: string) =>
    expect((await client.post('/api/v1/credentials', { achievementId, recipient: { email: 'learner@example.org' } })).statusCode).toBe(201);
  const pathways = async () => {
    const session = await ctx.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'learner@example.org', password: PASSWORD } });
    const cookie = String(session.headers['set-cookie']).split(';')[0]!;
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/me/pathways', headers: { cookie } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as Array<{ achievement: { name: string }; parts: Array<{ name: string; held: boolean }>; held: number; needed: number; earned: boolean; mode: string }>;
  };

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    api = apiClient(ctx.app, (await setupOrganisation(ctx.app)).apiKey);
    other = apiClient(ctx.app, (await createOrganisation(ctx.deps, { name: 'Other College', owner: { email: 'owner@other.example', password: PASSWORD } })).apiKeySecret);
    const issuer = (await api.post('/api/v1/issuers', minimalIssuer)).json().id;
    for (const n of ['Module 1', 'Module 2', 'Module 3', 'Diploma', 'Unrelated']) ids[n] = await achievement(api, issuer, n);
    const rule = await api.post(`/api/v1/achievements/${ids['Diploma']}/rules`, { name: 'Three modules', eventType: 'module.passed', requires: { all: [ids['Module 1'], ids['Module 2'], ids['Module 3']] } });
    expect(rule.statusCode, rule.body).toBe(201);
    await api.post(`/api/v1/achievements/${ids['Unrelated']}/rules`, { name: 'Not started', eventType: 'x', requires: { all: [ids['Diploma']] } });
    await award(api, ids['Module 1']!);
    await award(api, ids['Module 3']!);
    await registerAccount(ctx, 'learner@example.org');
  });
  afterAll(async () => ctx?.close());

  it('shows held parts of those required, in the pathway\'s order, and only pathways the earner has started', async () => {
    const items = await pathways();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ achievement: { name: 'Diploma' }, mode: 'all', held: 2, needed: 3, earned: false });
    expect(items[0]!.parts).toEqual([
      { achievementId: ids['Module 1'], name: 'Module 1', held: true },
      { achievementId: ids['Module 2'], name: 'Module 2', held: false },
      { achievementId: ids['Module 3'], name: 'Module 3', held: true },
    ]);
  });

  it('another organisation naming our achievements in its rule learns nothing of them, and a revoked part stops counting', async () => {
    const issuer = (await other.post('/api/v1/issuers', minimalIssuer)).json().id;
    const theirs = await achievement(other, issuer, 'Their badge');
    const target = await achievement(other, issuer, 'Their pathway');
    expect((await other.post(`/api/v1/achievements/${target}/rules`, { name: 'Sneaky', eventType: 'y', requires: { all: [theirs, ids['Module 2']] } })).statusCode).toBeLessThan(500);
    await award(other, theirs);
    const items = await pathways();
    const sneaky = items.find((i) => i.achievement.name === 'Their pathway');
    // Whether or not the rule was accepted, our achievement's name never shows in their pathway.
    expect(JSON.stringify(sneaky ?? {})).not.toContain('Module 2');
    const list = (await api.get(`/api/v1/credentials?achievementId=${ids['Module 3']}`)).json().items;
    expect((await api.post(`/api/v1/credentials/${list[0].id}/revoke`, { reason: 'error' })).statusCode).toBe(200);
    expect((await pathways()).find((i) => i.achievement.name === 'Diploma')).toMatchObject({ held: 1, needed: 3 });
  });
});
