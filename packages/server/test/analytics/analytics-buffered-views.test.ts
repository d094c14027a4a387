import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngagementRecorder, type EngagementDeps } from '../../src/domain/analytics/record-engagement.js';
import type { CredentialRef } from '../../src/domain/analytics/ports.js';
import type { Telemetry } from '../../src/domain/shared/telemetry.js';
import { ENGINES, createTestApp, type ApiClient, type TestContext, organisationWithAchievement } from '../support/test-app.js';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const SAFARI = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
const DAY_MS = 86_400_000;

/**
 * Views are counted in memory and written about once a second (docs/analytics.md): the counts must stay exact —
 * read through the API right after the views, from two instances sharing one database, across midnight — and
 * what an attacker controls (forged visitors by the thousand, X-Forwarded-For, bot user agents, DNT/GPC) must
 * neither inflate the counts nor grow the memory without bound.
 */
describe.each(ENGINES)('page views counted in memory (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let now = Date.parse('2026-12-07T23:00:00Z');
  const clock = { now: () => new Date(now) };
  let achievementId: string;

  beforeAll(async () => {
    ctx = await createTestApp(engine, { clock });
    ({ api, achievementId } = await organisationWithAchievement(ctx.app));
  });
  afterAll(async () => ctx?.close());

  const award = async (email: string): Promise<CredentialRef> => {
    const res = await api.post('/api/v1/credentials', { achievementId, recipient: { email } });
    expect(res.statusCode, res.body).toBe(201);
    const found = (await ctx.deps.store.credentials.findPublic(res.json().id))!;
    return { id: found.id, orgId: found.orgId, issuerId: found.issuerId, achievementId: found.achievementId };
  };
  const view = (id: string, headers: Record<string, string>, remoteAddress: string) =>
    ctx.app.inject({ method: 'GET', url: `/credentials/${id}`, headers: { accept: 'text/html', ...headers }, remoteAddress });
  const counters = async (id: string) => (await ctx.deps.store.analytics.credentialTotals([id])).get(id) ?? { views: 0, visitors: 0, verifications: 0 };
  const outcomes = () => {
    const seen: Record<string, number> = {};
    const telemetry: Telemetry = { credentialIssued: () => {}, credentialVerified: () => {}, analyticsEvent: (o, n = 1) => { seen[o] = (seen[o] ?? 0) + n; } };
    return { seen, telemetry };
  };
  /** The stored visitor sketches, their bytes as text (what a reader of the database would find). */
  const storedVisitors = async () =>
    (await ctx.storage.db.selectFrom('analytics_visitor_sketches').selectAll().execute()).map((r) => `${r.day} ${r.credential_id} ${r.counted} ${Buffer.from(r.sketch).toString('latin1')}`).join('\n');
  /** Another instance over the same database (its own memory, its own interval). */
  const instance = (extra: Partial<EngagementDeps> = {}) => createEngagementRecorder({ store: ctx.deps.store, clock, flushMs: 60_000, ...extra });

  it('reads exact counts right after the views, and a visitor seen by two instances once', async () => {
    const c = await award('ada@example.org');
    // One visitor three times, whatever X-Forwarded-For it forges (the proxy is not trusted); another once.
    for (const forged of ['203.0.113.1', '198.51.100.2', '10.0.0.3']) expect((await view(c.id, { 'user-agent': FIREFOX, 'x-forwarded-for': forged }, '192.0.2.10')).statusCode).toBe(200);
    expect((await view(c.id, { 'user-agent': SAFARI }, '192.0.2.11')).statusCode).toBe(200);
    // Not counted: crawlers, link previewers, scripts, no user agent, Do-Not-Track, GPC.
    for (const ua of ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 'LinkedInBot/1.0', 'curl/8.5.0', '']) expect((await view(c.id, { 'user-agent': ua }, '192.0.2.12')).statusCode).toBe(200);
    expect((await view(c.id, { 'user-agent': FIREFOX, dnt: '1' }, '192.0.2.13')).statusCode).toBe(200);
    expect((await view(c.id, { 'user-agent': FIREFOX, 'sec-gpc': '1' }, '192.0.2.14')).statusCode).toBe(200);

    // The other instance sees the first visitor again and a third one; it holds them in memory until it writes.
    const other = instance();
    const signal = (address: string, userAgent: string) => ({ address, userAgent });
    other.record({ credential: c, metric: 'viewed', browser: true, signal: signal('192.0.2.10', FIREFOX) });
    other.record({ credential: c, metric: 'viewed', browser: true, signal: signal('192.0.2.20', FIREFOX) });
    expect((await counters(c.id)).views).toBeLessThanOrEqual(4); // its write is not due for a minute

    // The API writes this instance's memory before it reads: no wait, no settled() from the test.
    const today = new Date(now).toISOString().slice(0, 10);
    const summary = async () => (await api.get(`/api/v1/analytics/summary?from=${today}&to=${today}&achievementId=${achievementId}`)).json();
    expect(await summary()).toMatchObject({ viewed: 4, visitors: 2 });
    expect(await counters(c.id)).toEqual({ views: 4, visitors: 2, verifications: 0 });

    await other.settled();
    expect(await summary()).toMatchObject({ viewed: 6, visitors: 3 });
    expect(await counters(c.id)).toEqual({ views: 6, visitors: 3, verifications: 0 });
    // Nothing about a visitor is stored but the day's salted hashes (in its credential's sketch).
    expect(await storedVisitors()).not.toMatch(/192\.0\.2|203\.0\.113|Firefox|Safari/);
  });

  it('writes on its own after the interval', async () => {
    const c = await award('bob@example.org');
    const soon = instance({ flushMs: 10 });
    soon.record({ credential: c, metric: 'viewed', browser: true, signal: { address: '192.0.2.30', userAgent: FIREFOX } });
    await expect.poll(() => counters(c.id), { timeout: 10_000, interval: 20 }).toEqual({ views: 1, visitors: 1, verifications: 0 });
  });

  it('keeps a flood of forged visitors within its memory cap: the rest is dropped and counted as errors, what is kept is exact', async () => {
    const c = await award('cy@example.org');
    // The database is slow: the first write waits until the flood is over.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const slow: EngagementDeps['store'] = { analytics: ctx.deps.store.analytics, transaction: async (fn) => { await gate; return ctx.deps.store.transaction(fn); } };
    const { seen, telemetry } = outcomes();
    const flood = instance({ store: slow, maxEntries: 50, telemetry });
    // 5,001 views, each from a new forged visitor (a different address and user agent).
    flood.record({ credential: c, metric: 'viewed', browser: true, signal: { address: '192.0.2.40', userAgent: FIREFOX } });
    for (let i = 0; i < 5000; i++) flood.record({ credential: c, metric: 'viewed', browser: true, signal: { address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, userAgent: `${FIREFOX} ${i}` } });
    open();
    await flood.settled();
    // At most two buffers held (the one being written and the next): each at most 50 entries.
    expect(seen.recorded! + seen.error!).toBe(5001);
    expect(seen.recorded).toBeLessThanOrEqual(2 * 50);
    expect(seen.recorded).toBeGreaterThan(0);
    expect(await counters(c.id)).toEqual({ views: seen.recorded, visitors: seen.recorded, verifications: 0 });
  });

  it('drops crawlers’ views in the batch, each user agent checked once, whatever their number; a person’s view among them counts', async () => {
    const c = await award('hal@example.org');
    const { seen, telemetry } = outcomes();
    const r = instance({ telemetry });
    // 3,000 views of crawlers with forged, ever-different user agents and addresses; one person's view in the middle.
    for (let i = 0; i < 3000; i++) {
      r.record({ credential: c, metric: 'viewed', browser: true, signal: { address: `10.9.${i >> 8}.${i & 255}`, userAgent: `Mozilla/5.0 (compatible; FakeBot/${i}; +http://example.org/bot)` } });
      if (i === 1500) r.record({ credential: c, metric: 'viewed', browser: true, signal: { address: '192.0.2.60', userAgent: FIREFOX } });
    }
    for (const ua of ['', 'curl/8.5.0', 'x'.repeat(1001)]) r.record({ credential: c, metric: 'viewed', browser: true, signal: { address: '192.0.2.61', userAgent: ua } });
    await r.settled();
    expect(seen).toEqual({ skipped: 3003, recorded: 1 });
    expect(await counters(c.id)).toEqual({ views: 1, visitors: 1, verifications: 0 });
  });

  it('starts again at midnight: a new salt, yesterday’s hashes deleted, the same visitor counted on the new day', async () => {
    const c = await award('dee@example.org');
    const yesterday = new Date(now).toISOString().slice(0, 10);
    await view(c.id, { 'user-agent': FIREFOX }, '192.0.2.50');
    await ctx.deps.analytics.settled();
    now += DAY_MS;
    const today = new Date(now).toISOString().slice(0, 10);
    await view(c.id, { 'user-agent': FIREFOX }, '192.0.2.50');
    await view(c.id, { 'user-agent': FIREFOX }, '192.0.2.50');
    const day = async (d: string) => (await api.get(`/api/v1/analytics/summary?from=${d}&to=${d}&achievementId=${achievementId}`)).json();
    expect(await day(today)).toMatchObject({ viewed: 2, visitors: 1 });
    expect(await counters(c.id)).toEqual({ views: 3, visitors: 2, verifications: 0 }); // one visitor, once a day
    expect((await day(yesterday)).viewed).toBeGreaterThan(0);
    expect((await ctx.storage.db.selectFrom('analytics_salts').select('day').execute()).map((r) => r.day)).toEqual([today]);
    // Only today's sketches are left (the day is stored as days since 1970-01-01).
    expect([...new Set((await ctx.storage.db.selectFrom('analytics_visitor_sketches').select('day').execute()).map((r) => Number(r.day)))]).toEqual([Math.floor(now / DAY_MS)]);
  });
  it('counts once each visitor two instances write at the same moment, in opposite orders, without a deadlock', async () => {
    const [c, d] = [await award('eve@example.org'), await award('fay@example.org')];
    const { seen, telemetry } = outcomes();
    const [a, b] = [instance({ telemetry }), instance({ telemetry })];
    // 300 visitors both instances see (of two credentials), one in the order the other reverses; 20 more each.
    const shared = Array.from({ length: 300 }, (_, i) => ({ credential: i % 2 ? c : d, address: `198.18.${i >> 8}.${i & 255}` }));
    for (const v of shared) a.record({ credential: v.credential, metric: 'viewed', browser: true, signal: { address: v.address, userAgent: FIREFOX } });
    for (const v of [...shared].reverse()) b.record({ credential: v.credential, metric: 'viewed', browser: true, signal: { address: v.address, userAgent: FIREFOX } });
    for (let i = 0; i < 20; i++) {
      a.record({ credential: c, metric: 'viewed', browser: true, signal: { address: `198.19.0.${i}`, userAgent: FIREFOX } });
      b.record({ credential: c, metric: 'viewed', browser: true, signal: { address: `198.19.1.${i}`, userAgent: FIREFOX } });
    }
    await Promise.all([a.settled(), b.settled()]);
    expect(seen).toEqual({ recorded: 2 * (300 + 20) });
    expect(await counters(c.id)).toEqual({ views: 2 * 150 + 40, visitors: 150 + 40, verifications: 0 });
    expect(await counters(d.id)).toEqual({ views: 2 * 150, visitors: 150, verifications: 0 });
  });

  it('merges many visitors of two instances into one sketch: exact up to 2,048, then within 2%; an unreadable one starts again without counting twice', async () => {
    const c = await award('gus@example.org');
    const [a, b] = [instance({ maxEntries: 100_000 }), instance({ maxEntries: 100_000 })];
    const address = (i: number) => `198.20.${i >> 8}.${i & 255}`;
    // 1,500 visitors seen by A, 1,500 by B of which 500 A saw: 2,500 distinct, past the exact range.
    for (let i = 0; i < 1500; i++) a.record({ credential: c, metric: 'viewed', browser: true, signal: { address: address(i), userAgent: FIREFOX } });
    await a.settled();
    expect(await counters(c.id)).toEqual({ views: 1500, visitors: 1500, verifications: 0 });
    for (let i = 1000; i < 2500; i++) b.record({ credential: c, metric: 'viewed', browser: true, signal: { address: address(i), userAgent: FIREFOX } });
    await b.settled();
    const { visitors } = await counters(c.id);
    expect(Math.abs(visitors / 2500 - 1)).toBeLessThan(0.02);
    // A stored sketch made unreadable (cut short) starts again empty: what it had counted stays, nothing counts twice.
    const n = Math.floor(now / DAY_MS);
    await ctx.storage.db.updateTable('analytics_visitor_sketches').set({ sketch: Buffer.from([2, 1, 2, 3]) }).where('credential_id', '=', c.id).where('day', '=', n).execute();
    const again = instance();
    for (let i = 0; i < 100; i++) again.record({ credential: c, metric: 'viewed', browser: true, signal: { address: address(i), userAgent: FIREFOX } });
    await again.settled();
    expect(await counters(c.id)).toEqual({ views: 3100, visitors, verifications: 0 });
  });

  it('keeps a credential-day’s sketch byte for byte in the database, and forgets the days before', async () => {
    const repo = ctx.deps.store.analytics;
    const bytes = Uint8Array.from([1, 0x80, 0, 0, 0, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);
    await ctx.deps.store.transaction(async (tx) => {
      expect(await tx.analytics.lockVisitorSketches('2026-11-01', ['cred_a', 'cred_b'])).toEqual(engine === 'postgres' ? new Map([['cred_a', { sketch: Buffer.alloc(0), counted: 0 }], ['cred_b', { sketch: Buffer.alloc(0), counted: 0 }]]) : new Map());
      await tx.analytics.saveVisitorSketches('2026-11-01', [{ credentialId: 'cred_a', sketch: bytes, counted: 2 }]);
    });
    const read = (day: string) => ctx.deps.store.transaction((tx) => tx.analytics.lockVisitorSketches(day, ['cred_a']));
    const found = (await read('2026-11-01')).get('cred_a')!;
    expect([...found.sketch]).toEqual([...bytes]);
    expect(found.counted).toBe(2);
    await repo.forgetBefore('2026-11-02');
    expect((await read('2026-11-01')).get('cred_a')?.counted ?? 0).toBe(0);
    await repo.forgetBefore('2026-11-03');
  });
});
