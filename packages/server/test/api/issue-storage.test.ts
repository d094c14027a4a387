import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { collidedStatusIndex } from '../../src/adapters/storage/repos/credentials.repo.js';
import { decodeBitstring, getBit } from '@laurel/core';
import { StatusIndexTaken, type Credential } from '../../src/domain/credentials/ports.js';
import { countStatements } from '../support/statements.js';
import { DEFAULT_SETTINGS } from '../../src/domain/organisations/ports.js';
import { MAX_STATUS_LIST_BITS } from '../../src/domain/status/status-lists.js';
import { ENGINES, createTestApp, minimalAchievement, minimalIssuer, type ApiClient, type TestContext, organisationWithAchievement } from '../support/test-app.js';

/** What issuing stores, all together or not at all (one statement on PostgreSQL), and the status-list allocation. */
describe.each(ENGINES)('storing an issued credential (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let issuerId: string;
  let achievementId: string;

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    ({ api, issuerId, achievementId } = await organisationWithAchievement(ctx.app, { achievement: { kind: 'badge' } }));
  });
  afterAll(async () => ctx?.close());

  const allocated = async () => (await ctx.deps.store.statusLists.allocation(issuerId))!.allocated;
  const rowsFor = async (credentialId: string) => {
    const db = ctx.storage.db;
    return {
      credentials: (await db.selectFrom('credentials').select('id').where('id', '=', credentialId).execute()).length,
      documents: (await db.selectFrom('credential_documents').select('format').where('credential_id', '=', credentialId).execute()).map((r) => r.format).sort(),
      audit: (await db.selectFrom('audit_log').select('action').where('target_id', '=', credentialId).execute()).map((r) => r.action),
      jobs: (await db.selectFrom('jobs').select(['name', 'payload']).where('payload', 'like', `%${credentialId}%`).execute()).map((r) => [r.name, JSON.parse(r.payload)]),
      events: (await db.selectFrom('credential_events').select('type').where('credential_id', '=', credentialId).execute()).map((r) => r.type),
    };
  };
  /** An issued credential like `holder` (its recipient, dates and organisation), with its own id and status index. */
  const issuedLike = (holder: Credential, statusListId: string) => (id: string, statusIndex: number | null = holder.statusIndex) => ({
    credential: { ...holder, id, statusIndex },
    documents: [{ credentialId: id, format: 'ob3' as const, body: '{}', keyId: null, createdAt: holder.createdAt }],
    audit: { id: `${id}-audit`, orgId: holder.orgId, actorType: 'system' as const, actorId: null, action: 'credential.issue', targetType: 'credential', targetId: id, ip: null, requestId: null, details: {}, createdAt: holder.createdAt },
    job: { name: 'credential.issued', orgId: holder.orgId, payload: { credentialId: id } },
    event: { id: `${id}-event`, orgId: holder.orgId, credentialId: id, type: 'issued' as const, actor: { type: 'system' as const, id: null }, details: {}, createdAt: holder.createdAt },
    statusListId,
  });
  const withDraws = async <T>(draws: number[], fn: () => Promise<T>): Promise<T> => {
    const original = ctx.deps.random;
    ctx.deps.random = { int: (max) => draws.shift() ?? original.int(max) };
    try {
      return await fn();
    } finally {
      ctx.deps.random = original;
    }
  };

  it('stores the credential, its OB 3.0 document (the other forms are made on first request), the audit entry and the job, and counts the index', async () => {
    const before = await allocated();
    const res = await api.post('/api/v1/credentials', { achievementId, recipient: { email: 'stored@example.org' } });
    expect(res.statusCode).toBe(201);
    const id = res.json().id;
    expect(await rowsFor(id)).toEqual({
      credentials: 1,
      documents: ['ob3'],
      audit: ['credential.issue'],
      jobs: [['credential.issued', { credentialId: id }]],
      events: ['issued'],
    });
    expect(await allocated()).toBe(before + 1);
  });

  it('reads what issuing needs in one query: the same as the four reads it replaces, scoped to the organisation', async () => {
    const { store } = ctx.deps;
    const orgId = (await ctx.storage.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow()).id;
    const separately = async (achievement: string, issuer: string) => ({
      achievement: await store.achievements.findById(orgId, achievement),
      issuer: await store.issuers.findById(orgId, issuer),
      organisation: await store.organisations.findById(orgId),
      allocation: await store.statusLists.allocation(issuer),
      endorsed: (await store.endorsements.listLiveForSubject(orgId, 'achievement', achievement)).some((e) => e.direction === 'issued'),
    });
    expect(await store.credentials.issuingContext(orgId, achievementId)).toEqual(await separately(achievementId, issuerId));
    const newIssuer = (await api.post('/api/v1/issuers', { ...minimalIssuer, name: 'Second' })).json().id;
    const newAchievement = (await api.post('/api/v1/achievements', minimalAchievement(newIssuer))).json().id;
    expect(await store.credentials.issuingContext(orgId, newAchievement)).toEqual(await separately(newAchievement, newIssuer));
    // An issuer whose lists do not exist yet (they are created on first need).
    await ctx.storage.db.deleteFrom('status_lists').where('issuer_id', '=', newIssuer).execute();
    expect((await store.credentials.issuingContext(orgId, newAchievement)).allocation).toBeUndefined();
    const none = { achievement: undefined, issuer: undefined, organisation: undefined, allocation: undefined, endorsed: false };
    expect(await store.credentials.issuingContext('another-org', achievementId)).toEqual(none);
    expect(await store.credentials.issuingContext(orgId, 'no-such-achievement')).toEqual(none);

    // An issuer of another organisation is not found, even through this organisation's achievement.
    const now = new Date().toISOString();
    await store.organisations.insert({ id: 'other-org', name: 'Other', settings: DEFAULT_SETTINGS, createdAt: now, updatedAt: now });
    await ctx.storage.db.updateTable('issuers').set({ org_id: 'other-org' }).where('id', '=', newIssuer).execute();
    try {
      const moved = await store.credentials.issuingContext(orgId, newAchievement);
      expect([moved.achievement?.id, moved.issuer, moved.organisation?.id]).toEqual([newAchievement, undefined, orgId]);
      const res = await api.post('/api/v1/credentials', { achievementId: newAchievement, recipient: { email: 'nobody@example.org' } });
      expect([res.statusCode, res.json().detail]).toEqual([404, 'issuer not found']);
    } finally {
      await ctx.storage.db.updateTable('issuers').set({ org_id: orgId }).where('id', '=', newIssuer).execute();
    }
    // Back in its organisation, the issuer's first credential creates its lists.
    expect((await api.post('/api/v1/credentials', { achievementId: newAchievement, recipient: { email: 'first@example.org' } })).statusCode).toBe(201);
    expect((await store.credentials.issuingContext(orgId, newAchievement)).allocation?.allocated).toBe(1);
  });

  it('tells whether the achievement has a live endorsement signed here, so that issuing reads them only then', async () => {
    const { store } = ctx.deps;
    const orgId = (await ctx.storage.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow()).id;
    const achievement = (await api.post('/api/v1/achievements', { ...minimalAchievement(issuerId), name: 'Endorsed one' })).json().id;
    const endorsed = async () => (await store.credentials.issuingContext(orgId, achievement)).endorsed;
    const reads: string[] = [];
    const list = store.endorsements.listLiveForSubject;
    store.endorsements.listLiveForSubject = async (...args) => (reads.push(args[2]), list.apply(store.endorsements, args));
    try {
      const now = new Date().toISOString();
      const endorsement = (id: string, changes: Partial<Parameters<typeof store.endorsements.insert>[0]> = {}) =>
        store.endorsements.insert({
          id, orgId, direction: 'issued', credentialId: `urn:uuid:${id}`, endorserIssuerId: issuerId, endorserId: 'did:web:e.example', endorserName: 'E', subjectType: 'achievement',
          subjectId: achievement, subjectOrgId: orgId, subjectUrl: 'https://e.example/a', comment: 'c', document: '{}', revokedAt: null, hiddenAt: null, createdBy: null, createdAt: now, ...changes,
        });
      expect(await endorsed()).toBe(false);
      // None of these is a live endorsement of this achievement signed here.
      await endorsement('received', { direction: 'received' });
      await endorsement('of-the-issuer', { subjectType: 'issuer', subjectId: achievement });
      await endorsement('of-another', { subjectId: achievementId });
      await endorsement('revoked', { revokedAt: now });
      await endorsement('hidden', { hiddenAt: now });
      expect(await endorsed()).toBe(false);
      const plain = (await api.post('/api/v1/credentials', { achievementId: achievement, recipient: { email: 'plain@example.org' } })).statusCode;
      expect([plain, reads]).toEqual([201, []]);
      await endorsement('live');
      expect(await endorsed()).toBe(true);
      expect(await store.credentials.issuingContext('another-org', achievement)).toMatchObject({ achievement: undefined, endorsed: false });
      expect((await api.post('/api/v1/credentials', { achievementId: achievement, recipient: { email: 'endorsed@example.org' } })).statusCode).toBe(201);
      expect(reads).toEqual([achievement]);
      await store.endorsements.revoke(orgId, 'live', now);
      expect(await endorsed()).toBe(false);
    } finally {
      store.endorsements.listLiveForSubject = list;
    }
  });

  it('a draw of an index an earlier credential holds is refused by the unique index and drawn again', async () => {
    const first = await withDraws([777], () => api.post('/api/v1/credentials', { achievementId, recipient: { email: 'first@example.org' } }));
    const before = await allocated();
    const second = await withDraws([777, 777, 778], () => api.post('/api/v1/credentials', { achievementId, recipient: { email: 'second@example.org' } }));
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    const index = async (id: string) => (await api.get(`/api/v1/credentials/${id}/export?format=ob3`)).json().credentialStatus.statusListIndex;
    expect([await index(first.json().id), await index(second.json().id)]).toEqual(['777', '778']);
    expect(await allocated()).toBe(before + 1);
  });

  it('a refused write leaves nothing behind', async () => {
    const taken = await api.post('/api/v1/credentials', { achievementId, recipient: { email: 'holder@example.org' } });
    const orgId = taken.json().orgId ?? (await ctx.storage.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow()).id;
    const holder = (await ctx.deps.store.credentials.findById(orgId, taken.json().id))!;
    const before = await allocated();
    const id = 'refused-credential';
    const write = ctx.deps.store.credentials.insertIssued(issuedLike(holder, (await ctx.deps.store.statusLists.allocation(issuerId))!.id)(id));
    await expect(write).rejects.toBeInstanceOf(StatusIndexTaken);
    expect(await rowsFor(id)).toEqual({ credentials: 0, documents: [], audit: [], jobs: [], events: [] });
    expect(await allocated()).toBe(before);
  });

  it('issues sent together are each stored whole (one commit on SQLite, one statement on PostgreSQL); a refused one among them leaves nothing', async () => {
    const taken = await api.post('/api/v1/credentials', { achievementId, recipient: { email: 'together@example.org' } });
    const orgId = (await ctx.storage.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow()).id;
    const holder = (await ctx.deps.store.credentials.findById(orgId, taken.json().id))!;
    const before = await allocated();
    // The day's rollup of issues: merged across the issues of one statement, never counted twice or lost.
    const issuedCount = async () => (await ctx.storage.db.selectFrom('analytics_daily').select('count').where('achievement_id', '=', achievementId).where('metric', '=', 'issued').execute()).reduce((sum, r) => sum + Number(r.count), 0);
    const issuedBefore = await issuedCount();
    const statusListId = (await ctx.deps.store.statusLists.allocation(issuerId))!.id;
    const issuedAs = issuedLike(holder, statusListId);
    const inUse = new Set((await ctx.storage.db.selectFrom('credentials').select('status_index').where('issuer_id', '=', issuerId).execute()).map((r) => r.status_index));
    let free = 0;
    while (inUse.has(free)) free++;
    // Sent in the same turn: written together (one statement on PostgreSQL, one commit on SQLite) unless one is refused.
    const id = 'refused-among-others';
    const refused = ctx.deps.store.credentials.insertIssued(issuedAs(id, holder.statusIndex!)).then(() => 'stored', (error: unknown) => error);
    const direct = ctx.deps.store.credentials.insertIssued(issuedAs('stored-beside-refused', free));
    const issued = await Promise.all([0, 1, 2, 3, 4].map((n) => api.post('/api/v1/credentials', { achievementId, recipient: { email: `together${n}@example.org` } })));
    expect(await refused).toBeInstanceOf(StatusIndexTaken);
    await direct;
    expect((await rowsFor('stored-beside-refused')).credentials).toBe(1);
    expect(issued.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201]);
    for (const res of issued) {
      expect(await rowsFor(res.json().id)).toEqual({ credentials: 1, documents: ['ob3'], audit: ['credential.issue'], jobs: [['credential.issued', { credentialId: res.json().id }]], events: ['issued'] });
    }
    expect(await rowsFor(id)).toEqual({ credentials: 0, documents: [], audit: [], jobs: [], events: [] });
    expect(await allocated()).toBe(before + 6);
    expect(await issuedCount()).toBe(issuedBefore + 6);
  });

  it.runIf(engine === 'postgres')('names the status index PostgreSQL refused, so that a group is written again without only that issue', async () => {
    const [a, b] = await Promise.all(['named1@example.org', 'named2@example.org'].map((email) => api.post('/api/v1/credentials', { achievementId, recipient: { email } })));
    const orgId = (await ctx.storage.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow()).id;
    const taken = (await ctx.deps.store.credentials.findById(orgId, b!.json().id))!.statusIndex!;
    const refusal = await sql`update credentials set status_index = ${taken} where id = ${a!.json().id}`.execute(ctx.storage.db).then(() => undefined, (error: unknown) => error);
    expect(collidedStatusIndex(refusal)).toBe(taken);
    expect(collidedStatusIndex(new Error('Key (issuer_id, status_index)=(x, 5) already exists.'))).toBeUndefined();
  });

  it('several refused issues in one group: each refused alone, the others of the group stored', async () => {
    const orgId = (await ctx.storage.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow()).id;
    const holders = await Promise.all(['h1@example.org', 'h2@example.org'].map(async (email) => (await ctx.deps.store.credentials.findById(orgId, (await api.post('/api/v1/credentials', { achievementId, recipient: { email } })).json().id))!));
    const statusListId = (await ctx.deps.store.statusLists.allocation(issuerId))!.id;
    const before = await allocated();
    const inUse = new Set((await ctx.storage.db.selectFrom('credentials').select('status_index').where('issuer_id', '=', issuerId).execute()).map((r) => r.status_index));
    const free: number[] = [];
    for (let i = 0; free.length < 4; i++) if (!inUse.has(i)) free.push(i);
    const issuedAs = issuedLike(holders[0]!, statusListId);
    // In one turn: free, taken, free, taken, free, free — and one more free that clashes with the first free one.
    const plan: Array<[string, number]> = [['g-free-0', free[0]!], ['g-taken-0', holders[0]!.statusIndex!], ['g-free-1', free[1]!], ['g-taken-1', holders[1]!.statusIndex!], ['g-free-2', free[2]!], ['g-free-3', free[3]!], ['g-twin-0', free[0]!]];
    const writes = countStatements(ctx.storage.db, 'insert into "credentials"');
    const outcomes = await Promise.all(plan.map(([id, index]) => ctx.deps.store.credentials.insertIssued(issuedAs(id, index)).then(() => 'stored', (error: unknown) => (error instanceof StatusIndexTaken ? 'taken' : String(error))))).finally(writes.restore);
    // PostgreSQL names each clash: the group is written again without it (three clashes, four statements), not one by one.
    if (engine === 'postgres') expect(writes.count).toBe(4);
    expect(Object.fromEntries(plan.map(([id], i) => [id, outcomes[i]]))).toEqual({
      'g-free-0': 'stored', 'g-taken-0': 'taken', 'g-free-1': 'stored', 'g-taken-1': 'taken', 'g-free-2': 'stored', 'g-free-3': 'stored', 'g-twin-0': 'taken',
    });
    for (const [id] of plan) expect((await rowsFor(id)).credentials).toBe(id.includes('free') ? 1 : 0);
    expect(await allocated()).toBe(before + 4);
  });

  it('doubles both lists once half full, keeping every index issued; a new index past the old size works', async () => {
    const before = (await ctx.deps.store.statusLists.allocation(issuerId))!;
    const early = (await api.post('/api/v1/credentials', { achievementId, recipient: { email: 'early@example.org' } })).json().id;
    await ctx.storage.db.updateTable('status_lists').set({ allocated: before.size / 2 }).where('id', '=', before.id).execute();
    try {
      const beyond = before.size + 12_345;
      const res = await withDraws([beyond], () => api.post('/api/v1/credentials', { achievementId, recipient: { email: 'beyond@example.org' } }));
      expect(res.statusCode, res.body).toBe(201);
      for (const purpose of ['revocation', 'suspension'] as const) expect((await ctx.deps.store.statusLists.get(issuerId, purpose))!.size).toBe(before.size * 2);
      const late = res.json().id;
      expect((await ctx.storage.db.selectFrom('credentials').select('status_index').where('id', '=', late).executeTakeFirstOrThrow()).status_index).toBe(beyond);

      expect((await api.post(`/api/v1/credentials/${late}/revoke`, { reason: 'test' })).statusCode).toBe(200);
      const published = (await ctx.app.inject({ method: 'GET', url: `/status/${issuerId}/revocation` })).json();
      const bits = decodeBitstring(published.credentialSubject.encodedList);
      expect(bits.length * 8).toBe(before.size * 2);
      expect(getBit(bits, beyond)).toBe(true);
      const earlyIndex = (await ctx.storage.db.selectFrom('credentials').select('status_index').where('id', '=', early).executeTakeFirstOrThrow()).status_index!;
      expect(getBit(bits, earlyIndex)).toBe(false);
      expect((await api.post('/api/v1/verify', (await api.get(`/api/v1/credentials/${early}/export?format=ob3`)).json())).json().valid).toBe(true);
    } finally {
      await ctx.storage.db.updateTable('status_lists').set({ allocated: before.allocated + 2 }).where('id', '=', before.id).execute();
    }
  });

  it('refuses to issue once 90% of the largest status list is allocated', async () => {
    const list = (await ctx.deps.store.statusLists.allocation(issuerId))!;
    await ctx.storage.db.updateTable('status_lists').set({ size: MAX_STATUS_LIST_BITS, allocated: Math.ceil(MAX_STATUS_LIST_BITS * 0.9) }).where('id', '=', list.id).execute();
    try {
      const res = await api.post('/api/v1/credentials', { achievementId, recipient: { email: 'late@example.org' } });
      expect(res.statusCode).toBe(409);
      expect(res.json().detail).toMatch(/used up its status list/);
    } finally {
      await ctx.storage.db.updateTable('status_lists').set({ size: list.size, allocated: list.allocated }).where('id', '=', list.id).execute();
    }
  });
});
