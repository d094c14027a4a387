import { hash } from 'node:crypto';
import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aesGcmVault } from '../../src/adapters/keys/key-vault.js';
import { localKms } from '../../src/adapters/keys/kms.js';
import { migrationProviderWith } from '../../src/adapters/storage/migrations/index.js';
import { createEngagementRecorder } from '../../src/domain/analytics/record-engagement.js';
import type { CredentialRef } from '../../src/domain/analytics/ports.js';
import { viewerHash } from '../../src/domain/analytics/visitors.js';
import { ENGINES, TEST_MASTER_KEY, apiClient, createTestApp, minimalAchievement, minimalIssuer, setupOrganisation, type TestContext } from '../support/test-app.js';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const DAY_MS = 86_400_000;

/**
 * Migration 0046 keys `analytics_viewers` by the visitor's hash alone, a 64-bit integer: the rows written before it (the
 * 0029 table: day, credential, 22 base64url characters of the same SHA-256) are converted, so that a visitor already
 * counted today is not counted again after the upgrade; down() gives back the old table, empty.
 */
describe.each(ENGINES)('migration 0046 converts the day’s visitors (%s)', (engine) => {
  let ctx: TestContext;
  const now = Date.parse('2026-12-07T12:00:00Z');
  const clock = { now: () => new Date(now) };
  const today = '2026-12-07';
  beforeAll(async () => {
    ctx = await createTestApp(engine, { clock });
  });
  afterAll(async () => ctx?.close());

  it('down to the old table (empty), old rows put back, up again: the same visitor is no first visit, a new one is', async () => {
    const api = apiClient(ctx.app, (await setupOrganisation(ctx.app)).apiKey);
    const issuerId = (await api.post('/api/v1/issuers', minimalIssuer)).json().id;
    const achievementId = (await api.post('/api/v1/achievements', minimalAchievement(issuerId))).json().id;
    const issued = await api.post('/api/v1/credentials', { achievementId, recipient: { email: 'ada@example.org' } });
    const found = (await ctx.deps.store.credentials.findPublic(issued.json().id))!;
    const c: CredentialRef = { id: found.id, orgId: found.orgId, issuerId: found.issuerId, achievementId: found.achievementId };
    const seen = { address: '192.0.2.10', userAgent: FIREFOX };
    const first = createEngagementRecorder({ store: ctx.deps.store, clock, flushMs: 60_000 });
    first.record({ credential: c, metric: 'viewed', browser: true, signal: seen });
    await first.settled();
    const counters = async () => (await ctx.deps.store.analytics.credentialTotals([c.id])).get(c.id);
    expect(await counters()).toEqual({ views: 1, visitors: 1, verifications: 0 });
    const salt = (await ctx.storage.db.selectFrom('analytics_salts').select('salt').where('day', '=', today).executeTakeFirstOrThrow()).salt;

    const schema = engine === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(ctx.storage.db)).rows[0]!.s : undefined;
    const migrator = new Migrator({ db: ctx.storage.db, provider: migrationProviderWith({ kms: localKms(aesGcmVault(TEST_MASTER_KEY)) }), ...(schema ? { migrationTableSchema: schema } : {}) });
    expect((await migrator.migrateTo('2026-12-07_0045_sso_subject_encryption')).error).toBeUndefined();
    const old = ctx.storage.db as unknown as import('kysely').Kysely<{ analytics_viewers: { day: string; credential_id: string; viewer: string } }>;
    expect(await old.selectFrom('analytics_viewers').selectAll().execute()).toEqual([]);
    // As the code before 0046 wrote them: today's visitor, and one of yesterday not forgotten yet.
    const oldHash = hash('sha256', `${salt}\n${c.id}\n${seen.address}\n${seen.userAgent}`, 'base64url').slice(0, 22);
    await old.insertInto('analytics_viewers').values([
      { day: today, credential_id: c.id, viewer: oldHash },
      { day: '2026-12-06', credential_id: 'cred_yesterday', viewer: '_____________________w' }, // its first 64 bits all ones: −1
    ]).execute();
    // And more visitors of other credentials than one statement of the migration converts (2,000).
    const others = Array.from({ length: 4500 }, (_, i) => ({ day: today, credential_id: `cred_other_${i % 3}`, viewer: hash('sha256', `other ${i}`, 'base64url').slice(0, 22) }));
    for (let at = 0; at < others.length; at += 500) await old.insertInto('analytics_viewers').values(others.slice(at, at + 500)).execute();

    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    const rows = (await sql<{ viewer: string; day: number }>`select cast(viewer as text) as viewer, day from analytics_viewers`.execute(ctx.storage.db)).rows;
    const stored = new Map(rows.map((r) => [String(r.viewer), Number(r.day)]));
    const todayNumber = Date.parse(`${today}T00:00:00Z`) / DAY_MS;
    expect(stored.size).toBe(2 + others.length);
    expect(stored.get('-1')).toBe(todayNumber - 1);
    expect(stored.get(viewerHash(salt, c.id, seen).toString())).toBe(todayNumber);
    for (const o of others) expect(stored.get(Buffer.from(o.viewer, 'base64url').readBigInt64BE(0).toString())).toBe(todayNumber);

    // Another instance (nothing in its memory) sees the same visitor again and a new one: one first visit. (Its first
    // view of the day forgets yesterday's row.)
    const after = createEngagementRecorder({ store: ctx.deps.store, clock, flushMs: 60_000 });
    after.record({ credential: c, metric: 'viewed', browser: true, signal: seen });
    after.record({ credential: c, metric: 'viewed', browser: true, signal: { address: '192.0.2.11', userAgent: FIREFOX } });
    await after.settled();
    expect(await counters()).toEqual({ views: 3, visitors: 2, verifications: 0 });
    expect((await sql<{ n: number }>`select count(*) as n from analytics_viewers`.execute(ctx.storage.db)).rows.map((r) => Number(r.n))).toEqual([2 + others.length]);
  });
});
