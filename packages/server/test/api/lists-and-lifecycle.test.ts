import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/domain/shared/ports.js';
import { StatusIndexTaken } from '../../src/domain/credentials/ports.js';
import { ENGINES, apiClient, createTestApp, minimalAchievement, minimalIssuer, setupOrganisation, type ApiClient, type TestContext } from '../support/test-app.js';

/** A clock the test moves by hand. */
function manualClock(start: string): Clock & { set(iso: string): void } {
  let now = new Date(start);
  return { now: () => new Date(now.getTime()), set: (iso) => (now = new Date(iso)) };
}

describe.each(ENGINES)('lists, filters, pagination and certification lifecycle (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let issuerId: string;
  const clock = manualClock('2026-03-01T12:00:00.000Z');

  beforeAll(async () => {
    ctx = await createTestApp(engine, { clock });
    api = apiClient(ctx.app, (await setupOrganisation(ctx.app)).apiKey);
    issuerId = (await api.post('/api/v1/issuers', minimalIssuer)).json().id;
  });
  afterAll(async () => ctx?.close());

  it('a certification expires after its validity period and shows as expired', async () => {
    const cert = (await api.post('/api/v1/achievements', { ...minimalAchievement(issuerId), name: 'Certified Welder', kind: 'certification', validity: 'P2Y' })).json();
    expect(cert).toMatchObject({ kind: 'certification', validity: 'P2Y', renewable: true });
    const cred = (await api.post('/api/v1/credentials', { achievementId: cert.id, recipient: { email: 'welder@example.org' }, issuedOn: '2026-01-31T09:00:00Z' })).json();
    expect(cred.expires).toBe('2028-01-31T09:00:00.000Z');
    expect(cred.status).toBe('active');
    const explicit = (await api.post('/api/v1/credentials', { achievementId: cert.id, recipient: { email: 'w2@example.org' }, expires: '2027-01-01T00:00:00Z' })).json();
    expect(explicit.expires).toBe('2027-01-01T00:00:00.000Z');

    clock.set('2028-02-01T00:00:00Z');
    expect((await api.get(`/api/v1/credentials/${cred.id}`)).json().status).toBe('expired');
    const expired = (await api.get(`/api/v1/credentials?status=expired&achievementId=${cert.id}`)).json().items.map((c: { id: string }) => c.id);
    expect(expired.sort()).toEqual([cred.id, explicit.id].sort());
    expect((await api.get(`/api/v1/credentials?status=active&achievementId=${cert.id}`)).json().items).toEqual([]);
    const doc = (await ctx.app.inject({ method: 'GET', url: `/ob2/assertions/${cred.id}` })).json();
    expect(doc.expires).toBe('2028-01-31T09:00:00.000Z');
    clock.set('2026-03-01T12:00:00.000Z');
  });

  it('pages through a list with cursors, without gaps or repeats, in the requested order', async () => {
    const ach = (await api.post('/api/v1/achievements', { ...minimalAchievement(issuerId), name: 'Paging', kind: 'badge', tags: ['paging'] })).json();
    const names = ['Zoe', 'Ann', 'Mia', 'Bob', 'Kim', 'Eve', 'Joe'];
    for (const [i, name] of names.entries()) {
      clock.set(`2026-03-0${i + 1}T00:00:00.000Z`);
      expect((await api.post('/api/v1/credentials', { achievementId: ach.id, recipient: { email: `${name.toLowerCase()}@example.org`, name } })).statusCode).toBe(201);
    }
    const collect = async (query: string): Promise<string[]> => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = (await api.get(`/api/v1/credentials?achievementId=${ach.id}&limit=3&${query}${cursor ? `&cursor=${cursor}` : ''}`)).json();
        expect(page.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.items.map((c: { recipient: { name: string } }) => c.recipient.name));
        cursor = page.nextCursor;
      } while (cursor);
      return seen;
    };
    // Names are sealed at rest (docs/privacy.md): ordered after opening them, pages still without gaps or repeats.
    expect(await collect('sort=recipientName')).toEqual([...names].sort());
    expect(await collect('sort=-recipientName')).toEqual([...names].sort().reverse());
    expect(await collect('sort=issuedOn')).toEqual(names);
    expect(await collect('sort=-createdAt')).toEqual([...names].reverse());
    expect((await api.get(`/api/v1/credentials?achievementId=${ach.id}&q=mi`)).json().items.map((c: { recipient: { name: string } }) => c.recipient.name)).toEqual(['Mia']);
    expect((await api.get(`/api/v1/credentials?recipient=BOB@example.org`)).json().items).toHaveLength(1);
    const window = (await api.get(`/api/v1/credentials?achievementId=${ach.id}&issuedAfter=2026-03-02T00:00:00Z&issuedBefore=2026-03-04T00:00:00Z`)).json();
    expect(window.items.map((c: { recipient: { name: string } }) => c.recipient.name).sort()).toEqual(['Ann', 'Mia']);
  });

  it('filters and searches achievements and issuers; archived achievements leave lists and stop awards', async () => {
    const tagged = (await api.post('/api/v1/achievements', { ...minimalAchievement(issuerId), name: 'Tagged 100%_done', kind: 'badge', tags: ['rust', 'systems'] })).json();
    expect((await api.get('/api/v1/achievements?tag=rust')).json().items.map((a: { id: string }) => a.id)).toEqual([tagged.id]);
    expect((await api.get('/api/v1/achievements?tag=rus')).json().items).toEqual([]);
    expect((await api.get('/api/v1/achievements?q=100%25_')).json().items.map((a: { id: string }) => a.id)).toEqual([tagged.id]);
    expect((await api.get('/api/v1/achievements?kind=certification')).json().items.every((a: { kind: string }) => a.kind === 'certification')).toBe(true);
    expect((await api.get('/api/v1/issuers?q=ACME')).json().items).toHaveLength(1);

    const archived = (await api.patch(`/api/v1/achievements/${tagged.id}`, { archived: true })).json();
    expect(archived.archived).toBe(true);
    expect((await api.get('/api/v1/achievements?tag=rust')).json().items).toEqual([]);
    expect((await api.get('/api/v1/achievements?tag=rust&includeArchived=true')).json().items).toHaveLength(1);
    const refused = await api.post('/api/v1/credentials', { achievementId: tagged.id, recipient: { email: 'late@example.org' } });
    expect(refused.statusCode).toBe(409);
  });

  it('updates issuers and achievements, and records who did what in the audit log', async () => {
    clock.set('2026-04-01T00:00:00.000Z');
    const updated = await api.patch(`/api/v1/issuers/${issuerId}`, { description: 'We teach welding', name: 'Acme Academy' });
    expect(updated.json()).toMatchObject({ name: 'Acme Academy', description: 'We teach welding', url: minimalIssuer.url });
    const actions: string[] = [];
    let cursor: string | undefined;
    do {
      const page = (await api.get(`/api/v1/audit-log?limit=5${cursor ? `&cursor=${cursor}` : ''}`)).json();
      actions.push(...page.items.map((e: { action: string }) => e.action));
      cursor = page.nextCursor;
    } while (cursor);
    expect(actions).toEqual(expect.arrayContaining(['organisation.create', 'issuer.create', 'issuer.update', 'achievement.create', 'achievement.update', 'credential.issue']));
    expect(actions[0]).toBe('issuer.update'); // newest first
    const viewer = (await api.post('/api/v1/api-keys', { name: 'v', role: 'viewer' })).json().secret;
    expect((await apiClient(ctx.app, viewer).get('/api/v1/audit-log')).statusCode).toBe(403);
  });

  it('recipients by URL and telephone are normalised and hashed', async () => {
    const ach = (await api.post('/api/v1/achievements', { ...minimalAchievement(issuerId), kind: 'badge', name: 'Phones' })).json();
    const phone = (await api.post('/api/v1/credentials', { achievementId: ach.id, recipient: { telephone: '+1 (555) 010-2030' } })).json();
    expect(phone.recipient).toMatchObject({ type: 'telephone', identity: '+15550102030', hashedIdentity: expect.stringMatching(/^sha256\$[0-9a-f]{64}$/) });
    const url = (await api.post('/api/v1/credentials', { achievementId: ach.id, recipient: { url: 'https://ada.example/me' } })).json();
    expect(url.recipient.type).toBe('url');
    const doc = (await ctx.app.inject({ method: 'GET', url: `/ob2/assertions/${phone.id}` })).json();
    expect(doc.recipient).toMatchObject({ type: 'telephone', hashed: true, identity: phone.recipient.hashedIdentity });
  });

  const ownerKey = async () => `Bearer ${(await api.post('/api/v1/api-keys', { name: 'preview', role: 'viewer' })).json().secret}`;
  const firstOrgId = async () => (await ctx.storage.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow()).id;

  it('two concurrent awards that draw the same status index both succeed, on different indexes', async () => {
    const ach = (await api.post('/api/v1/achievements', { ...minimalAchievement(issuerId), kind: 'badge', name: 'Race' })).json();
    const draws = [4242, 4242, 4243, 4244, 4245];
    const original = ctx.deps.random;
    ctx.deps.random = { int: () => draws.shift() ?? original.int(131_072) };
    try {
      const results = await Promise.all(['r1@example.org', 'r2@example.org'].map((email) => api.post('/api/v1/credentials', { achievementId: ach.id, recipient: { email } })));
      expect(results.map((r) => r.statusCode)).toEqual([201, 201]);
      const indexes = await Promise.all(results.map(async (r) => (await api.get(`/api/v1/credentials/${r.json().id}/export?format=ob3`)).json().credentialStatus.statusListIndex));
      expect(new Set(indexes).size).toBe(2);
      expect(indexes).toContain('4242');
      // The storage turns the unique-index refusal into the error the issue loop retries on.
      const first = (await ctx.deps.store.credentials.findById(results[0]!.json().orgId ?? (await firstOrgId()), results[0]!.json().id))!;
      await expect(ctx.deps.store.credentials.insert({ ...first, id: 'another-id-for-the-same-index' })).rejects.toBeInstanceOf(StatusIndexTaken);
    } finally {
      ctx.deps.random = original;
    }
  });

  it('previews the public page of an award before anything is issued', async () => {
    const ach = (await api.post('/api/v1/achievements', { ...minimalAchievement(issuerId), name: 'Preview <me>', kind: 'badge' })).json();
    const before = (await ctx.storage.db.selectFrom('credentials').select('id').execute()).length;
    const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/achievements/${ach.id}/preview?recipientName=Grace%20Hopper`, headers: { authorization: (await ownerKey()) } });
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.body).toContain('Grace Hopper');
    expect(res.body).toContain('Preview &lt;me&gt;');
    expect((await ctx.storage.db.selectFrom('credentials').select('id').execute()).length).toBe(before);
  });
});
