import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobRunner } from '../../src/adapters/jobs/job-runner.js';
import { jobHandlers } from '../../src/compose.js';
import { independentVerifier, ob3SchemaErrors } from '../support/ob3-independent.js';
import { BASE_URL, ENGINES, PASSWORD, apiClient, createTestApp, minimalAchievement, minimalIssuer, registerAccount, setupOrganisation, type ApiClient, type TestContext } from '../support/test-app.js';

type Progress = { achievement: { id: string; name: string }; mode: string; held: number; needed: number; nextStep: { name: string } | null; earned: boolean };

/**
 * Pathways awarded by the award of their parts (`laurel.part-awarded` rules): "N of" a set and "in order" (by
 * award date). The parts are awarded through the API; the `credential.issued` jobs award the pathway once.
 */
describe.each(ENGINES)('pathways awarded by their parts: N of, in order (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  const ids: Record<string, string> = {};

  const drain = async () => {
    const runner = createJobRunner({ queue: ctx.deps.store.jobs, handlers: jobHandlers(ctx.deps), clock: ctx.deps.clock, batchSize: 50 });
    while ((await runner.runOnce()) > 0);
  };
  const award = async (part: string, email: string, day: number) => {
    const res = await api.post('/api/v1/credentials', { achievementId: ids[part], recipient: { email }, issuedOn: `2026-03-${String(day).padStart(2, '0')}T09:00:00.000Z` });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const awardsOf = async (pathway: string) => (await api.get(`/api/v1/credentials?achievementId=${ids[pathway]}`)).json().items as Array<{ id: string }>;
  const progress = async (email: string): Promise<Progress[]> => {
    const session = await ctx.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password: PASSWORD } });
    const cookie = String(session.headers['set-cookie']).split(';')[0]!;
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/me/pathways', headers: { cookie } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items;
  };
  const rule = (pathway: string, requires: unknown, extra: Record<string, unknown> = {}) =>
    api.post(`/api/v1/achievements/${ids[pathway]}/rules`, { name: `${pathway} rule`, eventType: 'laurel.part-awarded', requires, ...extra });

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    api = apiClient(ctx.app, (await setupOrganisation(ctx.app)).apiKey);
    const issuer = (await api.post('/api/v1/issuers', minimalIssuer)).json().id;
    for (const name of ['Module 1', 'Module 2', 'Module 3', 'Two of three', 'In sequence']) {
      ids[name] = (await api.post('/api/v1/achievements', { ...minimalAchievement(issuer), name })).json().id;
    }
    const parts = [ids['Module 1'], ids['Module 2'], ids['Module 3']];
    expect((await rule('Two of three', { atLeast: 2, of: parts })).statusCode).toBe(201);
    expect((await rule('In sequence', { inOrder: parts })).statusCode).toBe(201);
    await registerAccount(ctx, 'ada@example.org');
  }, 60_000);
  afterAll(async () => ctx?.close());

  it('refuses malformed requirements, a part-awarded rule that is not a pathway or repeats, and the reserved event type from outside', async () => {
    const [m1, m2] = [ids['Module 1'], ids['Module 2']];
    for (const requires of [{ atLeast: 3, of: [m1, m2] }, { atLeast: 0, of: [m1] }, { atLeast: 1.5, of: [m1, m2] }, { inOrder: [m1] }, { inOrder: [m1, m1] }, { atLeast: 1, of: [m1], all: [m2] }, { of: [m1] }]) {
      const res = await rule('Module 3', requires);
      expect(res.statusCode, JSON.stringify(requires)).toBe(400);
      expect(res.json().type).toContain('validation');
    }
    expect((await rule('Module 3', null)).statusCode).toBe(400);
    expect((await rule('Module 3', { any: [m1] }, { repeatable: true })).statusCode).toBe(400);
    // An outside system cannot raise Laurel's own event to trigger a pathway.
    const forged = await api.post('/api/v1/events', { id: 'forged-1', type: 'laurel.part-awarded', occurredAt: new Date().toISOString(), subject: { email: 'ada@example.org' }, data: { achievementId: m1 } });
    expect(forged.statusCode).toBe(400);
  });

  it('"2 of 3": progress says 1 of 2 with the next step, then the second part awards the pathway once, naming its parts; more parts award nothing more', async () => {
    const third = await award('Module 3', 'ada@example.org', 3);
    await drain();
    const before = await progress('ada@example.org');
    expect(before.find((p) => p.achievement.name === 'Two of three')).toMatchObject({ mode: 'atLeast', held: 1, needed: 2, nextStep: { name: 'Module 1' }, earned: false });
    expect(await awardsOf('Two of three')).toHaveLength(0);

    const first = await award('Module 1', 'ada@example.org', 1);
    await drain();
    const [pathway, ...more] = await awardsOf('Two of three');
    expect(more).toHaveLength(0);
    const doc = (await api.get(`/api/v1/credentials/${pathway!.id}/export?format=ob3`)).json();
    expect(ob3SchemaErrors(doc)).toEqual([]);
    const verified = await independentVerifier(ctx)(doc);
    expect(verified.verified, JSON.stringify(verified.error)).toBe(true);
    // The parts held, in the rule's order, each its own credential's URL.
    expect(doc.evidence).toEqual([
      { id: `${BASE_URL}/ob3/credentials/${first}`, type: ['Evidence'], name: 'Module 1', genre: 'Pathway part' },
      { id: `${BASE_URL}/ob3/credentials/${third}`, type: ['Evidence'], name: 'Module 3', genre: 'Pathway part' },
    ]);
    await award('Module 2', 'ada@example.org', 2);
    await award('Module 1', 'ada@example.org', 4);
    await drain();
    expect(await awardsOf('Two of three')).toHaveLength(1);
    expect((await progress('ada@example.org')).find((p) => p.achievement.name === 'Two of three')).toMatchObject({ held: 3, needed: 2, nextStep: null, earned: true });
  });

  it('"in order": parts earned out of order do not count until they are earned again in order, then the pathway is awarded once with the credentials that make the order', async () => {
    // Ada so far: Module 1 on days 1 and 4, Module 2 on day 2, Module 3 on day 3 — in order already (1, 2, 3).
    expect((await awardsOf('In sequence')).length).toBe(1);
    // Bea: Module 2 (day 1) before Module 1 (day 2), then Module 3 (day 3): only Module 1 counts.
    await registerAccount(ctx, 'bea@example.org');
    await award('Module 2', 'bea@example.org', 1);
    const m1 = await award('Module 1', 'bea@example.org', 2);
    await award('Module 3', 'bea@example.org', 3);
    await drain();
    const seen = (await progress('bea@example.org')).find((p) => p.achievement.name === 'In sequence');
    expect(seen).toMatchObject({ mode: 'inOrder', held: 1, needed: 3, nextStep: { name: 'Module 2' }, earned: false });
    expect(await awardsOf('In sequence')).toHaveLength(1);
    // Module 2 again (day 4), then Module 3 again (day 5): the order holds now, and the pathway comes once.
    const m2 = await award('Module 2', 'bea@example.org', 4);
    await drain();
    expect((await awardsOf('In sequence')).length).toBe(1);
    const m3 = await award('Module 3', 'bea@example.org', 5);
    await award('Module 3', 'bea@example.org', 6);
    await drain();
    const awards = await awardsOf('In sequence');
    expect(awards).toHaveLength(2);
    const docs = await Promise.all(awards.map((a) => a.id).map(async (id) => (await api.get(`/api/v1/credentials/${id}/export?format=ob3`)).json()));
    const beas = docs.find((d) => JSON.stringify(d.evidence).includes(m1));
    expect(beas, 'Bea\'s pathway credential').toBeDefined();
    expect(beas.evidence.map((e: { id: string }) => e.id)).toEqual([m1, m2, m3].map((id) => `${BASE_URL}/ob3/credentials/${id}`));
    expect(ob3SchemaErrors(beas)).toEqual([]);
    expect((await independentVerifier(ctx)(beas)).verified).toBe(true);
    expect((await progress('bea@example.org')).find((p) => p.achievement.name === 'In sequence')).toMatchObject({ held: 3, nextStep: null, earned: true });
  });
});
