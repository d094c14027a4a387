import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aesGcmVault } from '../../src/adapters/keys/key-vault.js';
import { localKms } from '../../src/adapters/keys/kms.js';
import { ensureKeyring } from '../../src/adapters/storage/personal-data.js';
import { Webhook } from 'standardwebhooks';
import { createJobRunner } from '../../src/adapters/jobs/job-runner.js';
import { jobHandlers } from '../../src/compose.js';
import { evaluateEvent } from '../../src/domain/event-rules/evaluate-event.js';
import * as client from 'openid-client';
import { createOrganisation } from '../../src/domain/organisations/create-organisation.js';
import { viaApp } from '../support/oauth.js';
import { apiClient, BASE_URL, createTestApp, ENGINES, PASSWORD, TEST_MASTER_KEY, minimalAchievement, minimalIssuer, type ApiClient, type TestContext, organisationWithAchievement } from '../support/test-app.js';

/**
 * Award rules on events (issue 14): events in by API key or Standard Webhooks signature (signed here by the
 * `standardwebhooks` package, not by Laurel), stored first and answered 202, then evaluated by the durable
 * job: one award per rule, event and recipient — enforced by the rule_awards unique indexes.
 */
describe.each(ENGINES)('award rules on events (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let achievementId: string;
  let issuerId: string;

  const drain = async () => {
    const runner = createJobRunner({ queue: ctx.deps.store.jobs, handlers: jobHandlers(ctx.deps), clock: ctx.deps.clock, batchSize: 50 });
    while ((await runner.runOnce()) > 0);
  };
  // Addresses are sealed at rest: found by their blind index, as the app finds them.
  let keyring: Awaited<ReturnType<typeof ensureKeyring>> | undefined;
  const indexOf = async (email: string) => (keyring ??= await ensureKeyring(ctx.storage.db, localKms(aesGcmVault(TEST_MASTER_KEY)))).index('email', email);
  const credentialsOf = async (email: string, achievement = achievementId) =>
    ctx.storage.db.selectFrom('credentials').select(['id']).where('recipient_index', '=', await indexOf(email)).where('achievement_id', '=', achievement).execute();
  const event = (id: string, email: string, data: Record<string, unknown> = { score: 92 }, type = 'course.completed') => ({
    id, type, occurredAt: new Date(Date.now() - 60_000).toISOString(), subject: { email, name: 'Ada Learner' }, data,
  });

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    ({ api, issuerId, achievementId } = await organisationWithAchievement(ctx.app));
    const rule = await api.post(`/api/v1/achievements/${achievementId}/rules`, {
      name: 'Passed with 80 or more', eventType: 'course.completed', conditions: { all: [{ path: 'score', op: '>=', value: 80 }] },
    });
    expect(rule.statusCode, rule.body).toBe(201);
  }, 60_000);
  afterAll(async () => ctx?.close());

  it('one event gives one award, recorded with its rule and event; the same event id again awards nothing new', async () => {
    const sent = await api.post('/api/v1/events', event('lms-1', 'ada@example.org'));
    expect(sent.statusCode, sent.body).toBe(202);
    expect(sent.json()).toMatchObject({ eventId: 'lms-1', duplicate: false, status: 'pending' });
    await drain();
    const [credential, ...more] = await credentialsOf('ada@example.org');
    expect(more).toHaveLength(0);
    const shown = (await api.get('/api/v1/events/lms-1')).json();
    expect(shown).toMatchObject({ status: 'processed', awards: 1, awarded: [{ credentialId: credential!.id }] });
    expect(shown.awarded[0].latencyMs).toBeGreaterThanOrEqual(60_000);
    const history = (await api.get(`/api/v1/credentials/${credential!.id}/history`)).json();
    const byRule = history.items.find((e: { type: string }) => e.type === 'awarded-by-rule');
    expect(byRule).toMatchObject({ actor: { type: 'system' }, rule: { eventId: 'lms-1', eventType: 'course.completed', name: 'Passed with 80 or more' } });
    expect(byRule.rule.secondsFromEvent).toBeGreaterThanOrEqual(60);

    const again = await api.post('/api/v1/events', { ...event('lms-1', 'ada@example.org'), data: { score: 99 } });
    expect(again.statusCode).toBe(202);
    expect(again.json()).toMatchObject({ id: sent.json().id, duplicate: true });
    await drain();
    expect(await credentialsOf('ada@example.org')).toHaveLength(1);
  });

  it('a rule awards once per recipient unless it is repeatable; conditions that fail award nothing', async () => {
    await api.post('/api/v1/events', event('lms-2', 'ada@example.org'));
    await api.post('/api/v1/events', event('low-1', 'bob@example.org', { score: 40 }));
    await api.post('/api/v1/events', event('no-score', 'bob@example.org', { grade: 'A' }));
    await drain();
    expect(await credentialsOf('ada@example.org')).toHaveLength(1);
    expect(await credentialsOf('bob@example.org')).toHaveLength(0);

    const attendance = (await api.post('/api/v1/achievements', { ...minimalAchievement(issuerId), name: 'Attended a session' })).json().id;
    const rule = await api.post(`/api/v1/achievements/${attendance}/rules`, { name: 'Each session', eventType: 'session.attended', repeatable: true });
    expect(rule.statusCode, rule.body).toBe(201);
    for (const id of ['s-1', 's-2', 's-2']) await api.post('/api/v1/events', event(id, 'cy@example.org', {}, 'session.attended'));
    await drain();
    expect(await credentialsOf('cy@example.org', attendance)).toHaveLength(2);
  });

  it('awards exactly once even when the same event is evaluated twice at the same time (the unique index decides)', async () => {
    const sent = (await api.post('/api/v1/events', event('race-1', 'dee@example.org'))).json();
    const stored = (await ctx.deps.store.inboundEvents.findById((await api.get('/api/v1/organisation')).json().id, sent.id))!;
    const outcomes = await Promise.all([evaluateEvent(ctx.deps, stored), evaluateEvent(ctx.deps, stored), evaluateEvent(ctx.deps, stored)]);
    expect(outcomes.flatMap((o) => o.awarded)).toHaveLength(1);
    expect(await credentialsOf('dee@example.org')).toHaveLength(1);
    await drain();
    expect(await credentialsOf('dee@example.org')).toHaveLength(1);
    // The database itself refuses a second row: for the same rule, event and recipient (whatever the once key),
    // and for the same rule and once key (whatever the event).
    const [first] = await ctx.deps.store.ruleAwards.listForEvent(stored.orgId, 'race-1');
    expect(await ctx.deps.store.ruleAwards.insertIfNew({ ...first!, id: 'copy-1', onceKey: 'event:race-1' })).toBe(false);
    expect(await ctx.deps.store.ruleAwards.insertIfNew({ ...first!, id: 'copy-2', eventId: 'race-other' })).toBe(false);
    expect(await ctx.deps.store.ruleAwards.insertIfNew({ ...first!, id: 'copy-3', eventId: 'race-other', onceKey: 'event:race-other' })).toBe(true);
  });

  it('pathways: one event awards the course badge, then the pathway that needs it', async () => {
    const pathway = (await api.post('/api/v1/achievements', { ...minimalAchievement(issuerId), name: 'Rust pathway' })).json().id;
    const rule = await api.post(`/api/v1/achievements/${pathway}/rules`, { name: 'Holds the course', eventType: 'course.completed', requires: { all: [achievementId] } });
    expect(rule.statusCode, rule.body).toBe(201);
    await api.post('/api/v1/events', event('path-1', 'eve@example.org'));
    await api.post('/api/v1/events', event('path-2', 'fay@example.org', { score: 10 }));
    await drain();
    const [awarded] = await credentialsOf('eve@example.org', pathway);
    expect(awarded).toBeDefined();
    expect(await credentialsOf('fay@example.org', pathway)).toHaveLength(0);
    // The pathway credential names its part: the course credential, as signed OB 3.0 evidence.
    const [part] = await credentialsOf('eve@example.org');
    const doc = (await ctx.app.inject({ method: 'GET', url: `/ob3/credentials/${awarded!.id}` })).json();
    expect(doc.evidence).toEqual([expect.objectContaining({ id: expect.stringContaining(`/ob3/credentials/${part!.id}`), genre: 'Pathway part', type: ['Evidence'] })]);
    const own = await api.post(`/api/v1/achievements/${pathway}/rules`, { name: 'Self', eventType: 'x', requires: { any: [pathway] } });
    expect(own.statusCode).toBe(400);
  });

  it('signed events (Standard Webhooks, signed by the standardwebhooks package): accepted; forged, stale, unsigned refused', async () => {
    const created = await api.post('/api/v1/event-sources', { name: 'Moodle' });
    expect(created.statusCode, created.body).toBe(201);
    const { id: source, secret } = created.json();
    expect((await api.get('/api/v1/event-sources')).json().items[0]).not.toHaveProperty('secret');
    const body = JSON.stringify(event('signed-1', 'gus@example.org'));
    const send = (headers: Record<string, string>, payload = body, query = `?source=${source}`) =>
      ctx.app.inject({ method: 'POST', url: `/api/v1/events${query}`, headers: { 'content-type': 'application/json', ...headers }, payload });
    const signed = (payload: string, at = new Date(), key = secret as string, msgId = 'msg_1') => ({
      'webhook-id': msgId, 'webhook-timestamp': Math.floor(at.getTime() / 1000).toString(), 'webhook-signature': new Webhook(key).sign(msgId, at, payload),
    });

    const refusals = [
      await send({}),
      await send(signed(body, new Date(), 'whsec_' + Buffer.alloc(32, 7).toString('base64'))),
      await send(signed(body, new Date(Date.now() - 6 * 60_000))),
      await send(signed(body, new Date(Date.now() + 6 * 60_000))),
      await send(signed(body), body.replace('92', '99')),
      await send(signed(body), body, '?source=nope'),
    ];
    for (const r of refusals) {
      expect(r.statusCode, r.body).toBe(401);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json().type).toBe('https://laurel.dev/problems/event-signature-invalid');
    }
    const stranger = await send({}, body, '');
    expect(stranger.statusCode).toBe(401);
    expect(stranger.json().type).toBe('https://laurel.dev/problems/unauthenticated');

    const ok = await send(signed(body));
    expect(ok.statusCode, ok.body).toBe(202);
    await drain();
    expect(await credentialsOf('gus@example.org')).toHaveLength(1);
    expect((await api.get('/api/v1/events/signed-1')).json().receivedVia).toBe(`source:${source}`);

    expect((await api.request('DELETE', `/api/v1/event-sources/${source}`)).statusCode).toBe(204);
    const body2 = JSON.stringify(event('signed-2', 'gus2@example.org'));
    expect((await send(signed(body2), body2)).statusCode).toBe(401);
  });

  it('malformed events are problem documents, never stored', async () => {
    const cases: unknown[] = [
      { ...event('m-1', 'x@example.org'), subject: undefined },
      { ...event('m-2', 'not-an-address'), },
      { ...event('m-3', 'x@example.org'), occurredAt: 'yesterday' },
      { ...event('m-4', 'x@example.org'), extra: true },
      { ...event('m-5', 'x@example.org'), data: { deep: { a: { b: { c: { d: { e: { f: { g: { h: { i: 1 } } } } } } } } } } },
      { ...event('m-6', 'x@example.org'), data: { blob: 'x'.repeat(20_000) } },
      { ...event('m-7', 'x@example.org'), type: 'has spaces' },
    ];
    for (const c of cases) {
      const r = await api.post('/api/v1/events', c);
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().type).toBe('https://laurel.dev/problems/validation');
    }
    const notJson = await api.post('/api/v1/events', '{"id": ', { 'content-type': 'application/json' });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().type).toBe('https://laurel.dev/problems/invalid-json');
    expect((await api.get('/api/v1/events/m-1')).statusCode).toBe(404);
  });

  it('hostile rules are refused: eval-looking paths, prototype keys, oversized trees', async () => {
    const refused = [
      { all: [{ path: '__proto__.polluted', op: '==', value: 1 }] },
      { path: 'constructor', op: 'exists' },
      { path: 'a;process.exit()', op: '==', value: 1 },
      { path: 'score', op: 'matches', value: '.*' },
      { path: 'score', op: 'in', value: 'abc' },
      { all: Array.from({ length: 70 }, () => ({ path: 'a', op: '==', value: 1 })) },
      JSON.parse('{"not":'.repeat(10) + '{"path":"a","op":"exists"}' + '}'.repeat(10)),
    ];
    for (const conditions of refused) {
      const r = await api.post(`/api/v1/achievements/${achievementId}/rules`, { name: 'Bad', eventType: 'x', conditions });
      expect(r.statusCode, JSON.stringify(conditions).slice(0, 80)).toBe(400);
      expect(r.json().type).toBe('https://laurel.dev/problems/validation');
    }
  });

  it('testing a rule against a sample event evaluates without awarding', async () => {
    const sample = event('sample-1', 'hal@example.org', { score: 85 });
    const rule = { eventType: 'course.completed', conditions: { all: [{ path: 'score', op: '>=', value: 80 }] } };
    const yes = await api.post(`/api/v1/achievements/${achievementId}/rules/test`, { rule, event: sample });
    expect(yes.statusCode, yes.body).toBe(200);
    expect(yes.json()).toEqual({ wouldAward: true, eventType: true, conditions: true, requirement: null, alreadyAwarded: false });
    const no = (await api.post(`/api/v1/achievements/${achievementId}/rules/test`, { rule, event: { ...sample, data: { score: 79 } } })).json();
    expect(no).toMatchObject({ wouldAward: false, conditions: false });
    await drain();
    expect(await credentialsOf('hal@example.org')).toHaveLength(0);
    expect((await api.get('/api/v1/events/sample-1')).statusCode).toBe(404);
  });

  it('an event of one organisation cannot award another organisation\'s achievement', async () => {
    const other = await createOrganisation(ctx.deps, { name: 'Beta', owner: { email: 'owner@beta.example', password: PASSWORD } });
    const b = apiClient(ctx.app, other.apiKeySecret);
    const betaIssuer = (await b.post('/api/v1/issuers', minimalIssuer)).json().id;
    const betaBadge = (await b.post('/api/v1/achievements', { ...minimalAchievement(betaIssuer), name: 'Beta badge' })).json().id;
    expect((await b.post(`/api/v1/achievements/${betaBadge}/rules`, { name: 'Any completion', eventType: 'course.completed' })).statusCode).toBe(201);
    // A's key cannot see, add to or test B's rules, nor make B's achievement a requirement.
    expect((await api.get(`/api/v1/achievements/${betaBadge}/rules`)).statusCode).toBe(404);
    expect((await api.post(`/api/v1/achievements/${betaBadge}/rules`, { name: 'Hijack', eventType: 'course.completed' })).statusCode).toBe(404);
    expect((await api.post(`/api/v1/achievements/${achievementId}/rules`, { name: 'Needs B', eventType: 'y', requires: { all: [betaBadge] } })).statusCode).toBe(400);
    // A's event of the same type and B's source used to sign for A: only A's rules run.
    await api.post('/api/v1/events', event('cross-1', 'ivy@example.org'));
    await drain();
    expect(await credentialsOf('ivy@example.org')).toHaveLength(1);
    expect(await credentialsOf('ivy@example.org', betaBadge)).toHaveLength(0);
    // The same event id in B is B's own event: no clash with A's.
    const inB = await b.post('/api/v1/events', event('cross-1', 'ivy@example.org'));
    expect(inB.json().duplicate).toBe(false);
    await drain();
    expect(await credentialsOf('ivy@example.org', betaBadge)).toHaveLength(1);
    expect(await credentialsOf('ivy@example.org')).toHaveLength(1);
    expect((await b.get(`/api/v1/events/${(await api.get('/api/v1/events/cross-1')).json().id}`)).statusCode).toBe(404);
  });

  it('an OAuth machine client may send events with laurel.issue, not with laurel.read; an issuer-bound key reaches only its issuer\'s rules', async () => {
    const tokenFor = async (scopes: string[]) => {
      const made = (await api.post('/api/v1/oauth-clients', { name: `LMS ${scopes.join(' ')}`, scopes })).json();
      const config = await client.discovery(new URL(BASE_URL), made.clientId, made.clientSecret, client.ClientSecretBasic(), viaApp(ctx.app));
      return (await client.clientCredentialsGrant(config)).access_token;
    };
    const issuing = apiClient(ctx.app, await tokenFor(['laurel.issue']));
    const sent = await issuing.post('/api/v1/events', event('oauth-1', 'jon@example.org'));
    expect(sent.statusCode, sent.body).toBe(202);
    const reading = apiClient(ctx.app, await tokenFor(['laurel.read']));
    const refused = await reading.post('/api/v1/events', event('oauth-2', 'jon@example.org'));
    expect(refused.statusCode).toBe(403);
    expect(refused.json().type).toBe('https://laurel.dev/problems/forbidden');
    await drain();
    expect(await credentialsOf('jon@example.org')).toHaveLength(1);
    expect((await api.get('/api/v1/events/oauth-1')).json().receivedVia).toBe('oauth-client');

    // A key bound to another issuer: its events never award this issuer's achievements.
    const otherIssuer = (await api.post('/api/v1/issuers', { ...minimalIssuer, name: 'Other issuer' })).json().id;
    const bound = apiClient(ctx.app, (await api.post('/api/v1/api-keys', { name: 'bound', role: 'issuer', issuerId: otherIssuer })).json().secret);
    const fromBound = await bound.post('/api/v1/events', event('bound-1', 'kim@example.org'));
    expect(fromBound.statusCode, fromBound.body).toBe(202);
    await drain();
    expect(await credentialsOf('kim@example.org')).toHaveLength(0);
    expect((await api.get('/api/v1/events/bound-1')).json()).toMatchObject({ status: 'processed', awards: 0 });
  });

  it('a burst of 300 events is stored and processed with none lost', async () => {
    const burst = Array.from({ length: 300 }, (_, i) => event(`burst-${i}`, `burst-${i}@example.org`, { score: 80 + (i % 20) }));
    const answers = [];
    for (let i = 0; i < burst.length; i += 30) answers.push(...(await Promise.all(burst.slice(i, i + 30).map((e) => api.post('/api/v1/events', e)))));
    expect(answers.filter((r) => r.statusCode === 202)).toHaveLength(300);
    await drain();
    const burstIndexes = await Promise.all(burst.map((e) => indexOf(e.subject.email)));
    const awarded = await ctx.storage.db.selectFrom('credentials').select((eb) => eb.fn.countAll<number>().as('n')).where('recipient_index', 'in', burstIndexes).where('achievement_id', '=', achievementId).executeTakeFirstOrThrow();
    expect(Number(awarded.n)).toBe(300);
    const pending = await ctx.storage.db.selectFrom('inbound_events').select((eb) => eb.fn.countAll<number>().as('n')).where('event_id', 'like', 'burst-%').where('status', '!=', 'processed').executeTakeFirstOrThrow();
    expect(Number(pending.n)).toBe(0);
  }, 180_000);
});
