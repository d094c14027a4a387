import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as m0036 from '../../src/adapters/storage/migrations/2026-12-07_0036_analytics_rollups.js';
import type { Metric } from '../../src/domain/analytics/metrics.js';
import type { CredentialRef, RollupCellIncrement } from '../../src/domain/analytics/ports.js';
import { ENGINES, apiClient, createTestApp, minimalAchievement, minimalIssuer, setupOrganisation, type ApiClient, type TestContext } from '../support/test-app.js';

const DAY_MS = 86_400_000;
const LAST = '2026-12-07';
const dayBefore = (n: number) => new Date(Date.parse(LAST) - n * DAY_MS).toISOString().slice(0, 10);
/** Cells spread over 14 months, so that ranges cut months at both ends, hold whole months, or sit inside one. */
const CELLS: ReadonlyArray<[Metric, string]> = [['issued', ''], ['viewed', ''], ['shared', 'linkedin'], ['shared', 'x'], ['verified', 'api'], ['verified', 'page'], ['hours-to-claim', '3'], ['hours-to-claim', '30']];
const RANGES: ReadonlyArray<[string, string]> = [
  [dayBefore(364), LAST], // a year ending mid-month: months in between, days at both ends
  ['2026-03-01', '2026-05-31'], // whole months only
  ['2026-03-02', '2026-05-30'], // cut at both ends
  ['2026-04-10', '2026-04-20'], // inside one month
  ['2026-02-01', '2026-02-28'], // one whole month
  [dayBefore(420), dayBefore(420)], // one day
];

/**
 * Issue 16 at scale: the coarser rollups (organisation and issuer totals per day, achievements per month)
 * always agree with the per-achievement daily rollup. Every view over every kind of range and filter gives
 * the same numbers as the increments themselves, on both engines; and migration 0036 rebuilds the same
 * coarser rollups from `analytics_daily`.
 */
describe.each(ENGINES)('analytics rollups agree (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let orgId: string;
  const refs: CredentialRef[] = [];
  const increments: RollupCellIncrement[] = [];

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    const org = await setupOrganisation(ctx.app);
    orgId = org.organisationId;
    api = apiClient(ctx.app, org.apiKey);
    const issuers = [(await api.post('/api/v1/issuers', minimalIssuer)).json().id as string, (await api.post('/api/v1/issuers', { ...minimalIssuer, name: 'Acme Labs' })).json().id as string];
    for (const [n, issuerId] of [issuers[0]!, issuers[0]!, issuers[1]!].entries()) {
      const achievementId = (await api.post('/api/v1/achievements', { ...minimalAchievement(issuerId), name: `Course ${n}` })).json().id as string;
      refs.push({ id: `cred-${n}`, orgId, issuerId, achievementId });
    }
    // A deterministic spread: most cells on most days, some days empty, counts from 1 to 9.
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let d = 0; d <= 420; d++) {
      for (const credential of refs) {
        for (const [metric, dim] of CELLS) if (next() % 4 !== 0) increments.push({ credential, day: dayBefore(d), metric, dim, count: 1 + (next() % 9) });
      }
    }
    // Written as the engagement recorder writes them: in batches, one transaction each.
    for (let i = 0; i < increments.length; i += 700) await ctx.deps.store.transaction((tx) => tx.analytics.increment(increments.slice(i, i + 700)));
    // And through the other writers: an issue (with its expiry in another month) and a history event.
    const expires = new Date(ctx.deps.clock.now().getTime() + 40 * DAY_MS).toISOString();
    const issued = await api.post('/api/v1/credentials', { achievementId: refs[2]!.achievementId, recipient: { email: 'ada@example.org' }, expires });
    expect(issued.statusCode, issued.body).toBe(201);
    expect((await api.post(`/api/v1/credentials/${issued.json().id}/revoke`, { reason: 'in error' })).statusCode).toBe(200);
    const today = ctx.deps.clock.now().toISOString().slice(0, 10);
    increments.push({ credential: refs[2]!, day: today, metric: 'issued', dim: '', count: 1 }, { credential: refs[2]!, day: today, metric: 'revoked', dim: '', count: 1 });
  }, 120_000);
  afterAll(async () => {
    await ctx?.close();
  });

  const expected = (from: string, to: string, keep: (c: RollupCellIncrement) => boolean) => {
    const sum = (metric: Metric, dim?: string) => increments.filter((c) => c.day >= from && c.day <= to && keep(c) && c.metric === metric && (dim === undefined || c.dim === dim)).reduce((s, c) => s + c.count, 0);
    return { issued: sum('issued'), viewed: sum('viewed'), shared: sum('shared'), verified: sum('verified'), shares: { linkedin: sum('shared', 'linkedin'), x: sum('shared', 'x') }, verifications: { api: sum('verified', 'api'), page: sum('verified', 'page') }, claims: [sum('hours-to-claim', '3'), sum('hours-to-claim', '30')] };
  };
  const summaryOf = (s: Record<string, any>) => ({ issued: s.issued, viewed: s.viewed, shared: s.shared, verified: s.verified, shares: { linkedin: s.shares.linkedin, x: s.shares.x }, verifications: { api: s.verifications.api, page: s.verifications.page }, claims: [s.timeToClaim.buckets[1].count, s.timeToClaim.buckets[2].count] });

  it('gives the increments’ own sums in the summary, per organisation, issuer and achievement, over every kind of range', async () => {
    for (const [from, to] of RANGES) {
      const range = `from=${from}&to=${to}`;
      expect(summaryOf((await api.get(`/api/v1/analytics/summary?${range}`)).json()), range).toEqual(expected(from, to, () => true));
      const issuerId = refs[0]!.issuerId;
      expect(summaryOf((await api.get(`/api/v1/analytics/summary?${range}&issuerId=${issuerId}`)).json()), `${range} issuer`).toEqual(expected(from, to, (c) => c.credential.issuerId === issuerId));
      const achievementId = refs[2]!.achievementId;
      expect(summaryOf((await api.get(`/api/v1/analytics/summary?${range}&achievementId=${achievementId}`)).json()), `${range} achievement`).toEqual(expected(from, to, (c) => c.credential.achievementId === achievementId));
    }
  });

  it('compares achievements with the same sums, one item each, whole months and end days alike', async () => {
    for (const [from, to] of RANGES) {
      const items = (await api.get(`/api/v1/analytics/achievements?from=${from}&to=${to}`)).json().items as Array<Record<string, any>>;
      const active = refs.filter((r) => increments.some((c) => c.credential === r && c.day >= from && c.day <= to));
      expect(items.map((i) => i.achievementId).sort(), `${from}..${to}`).toEqual(active.map((r) => r.achievementId).sort());
      for (const item of items) {
        const want = expected(from, to, (c) => c.credential.achievementId === item.achievementId);
        expect({ issued: item.issued, viewed: item.viewed, shared: item.shared, verified: item.verified }, `${from}..${to} ${item.achievementId}`).toEqual({ issued: want.issued, viewed: want.viewed, shared: want.shared, verified: want.verified });
        const [three, thirty] = want.claims;
        const n = three! + thirty!;
        const median = n === 0 ? null : n % 2 === 1 ? (three! >= (n + 1) / 2 ? 3 : 30) : three! >= n / 2 + 1 ? 3 : three! === n / 2 ? 16.5 : 30;
        expect(item.medianHoursToClaim, `${from}..${to} ${item.achievementId} median`).toBe(median);
      }
      // Filtered by issuer, only its achievements.
      const issuerItems = (await api.get(`/api/v1/analytics/achievements?from=${from}&to=${to}&issuerId=${refs[2]!.issuerId}`)).json().items as Array<{ achievementId: string }>;
      expect(issuerItems.every((i) => i.achievementId === refs[2]!.achievementId)).toBe(true);
    }
  });

  it('gives each day its own sums in the series', async () => {
    const [from, to] = ['2026-03-25', '2026-04-05'];
    const series = (await api.get(`/api/v1/analytics/timeseries?from=${from}&to=${to}&interval=day`)).json();
    expect(series.points.map((p: { period: string; viewed: number; verified: number }) => [p.period, p.viewed, p.verified])).toEqual(
      series.points.map((p: { period: string }) => {
        const e = expected(p.period, p.period, () => true);
        return [p.period, e.viewed, e.verified];
      }),
    );
  });

  it('is rebuilt alike from analytics_daily by migration 0036 (every writer kept the coarser rollups)', async () => {
    const db = ctx.storage.db;
    expect(await db.selectFrom('analytics_monthly').select('metric').where('metric', 'in', ['expired', 'revoked']).execute()).toHaveLength(2);
    const snapshot = async () => ({
      totals: await db.selectFrom('analytics_daily_totals').select(['org_id', 'issuer_id', 'day', 'metric', 'dim', 'count']).orderBy('issuer_id').orderBy('day').orderBy('metric').orderBy('dim').execute(),
      monthly: await db.selectFrom('analytics_monthly').select(['org_id', 'month', 'metric', 'dim', 'issuer_id', 'achievement_id', 'count']).orderBy('month').orderBy('metric').orderBy('dim').orderBy('issuer_id').orderBy('achievement_id').execute(),
    });
    const before = await snapshot();
    expect(before.totals.length).toBeGreaterThan(0);
    await m0036.down(db);
    await m0036.up(db);
    const after = await snapshot();
    // PostgreSQL's sum() of the backfill and the increments' additions store the same integers.
    const numeric = <T extends { count: number }>(rows: T[]) => rows.map((r) => ({ ...r, count: Number(r.count) }));
    expect(numeric(after.totals)).toEqual(numeric(before.totals));
    expect(numeric(after.monthly)).toEqual(numeric(before.monthly));
  });
});
