import { sql, type Insertable, type Kysely } from 'kysely';
import type { Metric, RollupIncrement } from '../../../domain/analytics/metrics.js';
import type { AnalyticsFilter, AnalyticsRepo, CredentialTotals, RollupCellIncrement } from '../../../domain/analytics/ports.js';
import type { AnalyticsDailyTable, AnalyticsDailyTotalsTable, AnalyticsMonthlyTable, Database } from '../schema.js';
import type { Engine } from '../db.js';
import { splitByMonths } from './analytics-ranges.js';

const KEY = ['org_id', 'day', 'metric', 'dim', 'issuer_id', 'achievement_id'] as const;
const TOTALS_KEY = ['org_id', 'issuer_id', 'day', 'metric', 'dim'] as const;
const MONTHLY_KEY = ['org_id', 'month', 'metric', 'dim', 'issuer_id', 'achievement_id'] as const;
/** Rows per statement when a batch of engagements is written (7 parameters each). */
const CHUNK = 500;

/** Rollup rows of increments for one credential's organisation, issuer and achievement. */
export const rollupRows = (
  ref: { orgId: string; issuerId: string; achievementId: string },
  day: string,
  increments: ReadonlyArray<RollupIncrement & { day?: string; count?: number }>,
): Insertable<AnalyticsDailyTable>[] =>
  increments.map((i) => ({ org_id: ref.orgId, day: i.day ?? day, metric: i.metric, dim: i.dim, issuer_id: ref.issuerId, achievement_id: ref.achievementId, count: i.count ?? 1 }));

/** Rows of the same key added up, in key order (concurrent writers then lock rows in the same order). */
function merged<R extends { count: number }>(rows: readonly R[], key: (r: R) => string): R[] {
  const out = new Map<string, R>();
  for (const r of rows) {
    const k = key(r);
    const seen = out.get(k);
    out.set(k, seen ? { ...seen, count: seen.count + r.count } : { ...r });
  }
  return [...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
}

const keyOf = (columns: readonly string[]) => (r: Record<string, unknown>) => columns.map((c) => String(r[c])).join('\u0000');

/** What per-achievement daily rows add to each rollup: every table's rows merged by key and in key order. */
export interface RollupWrites {
  daily: Insertable<AnalyticsDailyTable>[];
  monthly: Insertable<AnalyticsMonthlyTable>[];
  /** Each cell under its issuer and under the whole organisation (issuer ''). */
  totals: Insertable<AnalyticsDailyTotalsTable>[];
}

export function rollupWrites(rows: ReadonlyArray<Insertable<AnalyticsDailyTable>>): RollupWrites {
  return {
    daily: merged(rows, keyOf(KEY)),
    monthly: merged(
      rows.map((r) => ({ org_id: r.org_id, month: r.day.slice(0, 7), metric: r.metric, dim: r.dim, issuer_id: r.issuer_id, achievement_id: r.achievement_id, count: r.count })),
      keyOf(MONTHLY_KEY),
    ),
    totals: merged(
      rows.flatMap((r) => ['', r.issuer_id].map((issuer_id) => ({ org_id: r.org_id, issuer_id, day: r.day, metric: r.metric, dim: r.dim, count: r.count }))),
      keyOf(TOTALS_KEY),
    ),
  };
}

/** Adds rows to the rollup: new cells start at their count, existing ones grow by it (no key twice in one statement). */
export function upsertRollup(db: Kysely<Database>, rows: Insertable<AnalyticsDailyTable>[]) {
  return db
    .insertInto('analytics_daily')
    .values(rows)
    .onConflict((oc) => oc.columns([...KEY]).doUpdateSet({ count: (eb) => eb('analytics_daily.count', '+', eb.ref('excluded.count')) }));
}

export function upsertMonthly(db: Kysely<Database>, rows: Insertable<AnalyticsMonthlyTable>[]) {
  return db
    .insertInto('analytics_monthly')
    .values(rows)
    .onConflict((oc) => oc.columns([...MONTHLY_KEY]).doUpdateSet({ count: (eb) => eb('analytics_monthly.count', '+', eb.ref('excluded.count')) }));
}

export function upsertTotals(db: Kysely<Database>, rows: Insertable<AnalyticsDailyTotalsTable>[]) {
  return db
    .insertInto('analytics_daily_totals')
    .values(rows)
    .onConflict((oc) => oc.columns([...TOTALS_KEY]).doUpdateSet({ count: (eb) => eb('analytics_daily_totals.count', '+', eb.ref('excluded.count')) }));
}

/** Writes every rollup's rows, in chunks, in the caller's transaction. */
export async function writeRollups(db: Kysely<Database>, w: RollupWrites): Promise<void> {
  for (let n = 0; n < w.daily.length; n += CHUNK) await upsertRollup(db, w.daily.slice(n, n + CHUNK)).execute();
  for (let n = 0; n < w.monthly.length; n += CHUNK) await upsertMonthly(db, w.monthly.slice(n, n + CHUNK)).execute();
  for (let n = 0; n < w.totals.length; n += CHUNK) await upsertTotals(db, w.totals.slice(n, n + CHUNK)).execute();
}

/**
 * Inside the transaction of a history event: its increments, filed under the credential's issuer and
 * achievement as the credentials table knows them (read once, in the organisation, unless the caller has the row).
 */
export async function incrementForCredential(
  db: Kysely<Database>, orgId: string, credentialId: string, day: string, increments: readonly RollupIncrement[],
  known?: { orgId: string; issuerId: string; achievementId: string },
): Promise<void> {
  if (increments.length === 0) return;
  // The caller's copy of the credential's row (same id and organisation) spares the read.
  const ref = known ? { orgId: known.orgId, issuerId: known.issuerId, achievementId: known.achievementId } : await db.selectFrom('credentials').select(['org_id as orgId', 'issuer_id as issuerId', 'achievement_id as achievementId']).where('id', '=', credentialId).where('org_id', '=', orgId).executeTakeFirst();
  if (ref) await writeRollups(db, rollupWrites(rollupRows(ref, day, increments)));
}

const sum = (v: string | number | bigint | null): number => Number(v ?? 0);

/** The totals table answers every filter but an achievement: its organisation's row ('') or its issuer's. */
function fromTotals(db: Kysely<Database>, f: AnalyticsFilter) {
  return db.selectFrom('analytics_daily_totals').where('org_id', '=', f.orgId).where('issuer_id', '=', f.issuerId ?? '').where('day', '>=', f.from).where('day', '<=', f.to);
}

/** The monthly rollup over whole months (first and last YYYY-MM), for the comparison of achievements. */
function fromMonthly(db: Kysely<Database>, f: AnalyticsFilter, [first, last]: readonly [string, string]) {
  let q = db.selectFrom('analytics_monthly').where('org_id', '=', f.orgId).where('month', '>=', first).where('month', '<=', last);
  if (f.issuerId) q = q.where('issuer_id', '=', f.issuerId);
  if (f.achievementId) q = q.where('achievement_id', '=', f.achievementId);
  return q;
}

/** The per-achievement rollup, for an achievement's filter and the comparison of achievements. */
function fromDaily(db: Kysely<Database>, f: AnalyticsFilter) {
  let q = db.selectFrom('analytics_daily').where('org_id', '=', f.orgId).where('day', '>=', f.from).where('day', '<=', f.to);
  if (f.issuerId) q = q.where('issuer_id', '=', f.issuerId);
  if (f.achievementId) q = q.where('achievement_id', '=', f.achievementId);
  return q;
}

/** A day (YYYY-MM-DD) as `analytics_visitor_sketches` stores it: days since 1970-01-01 (UTC). */
const dayNumber = (day: string): number => Date.parse(`${day}T00:00:00Z`) / 86_400_000;

/** Credential-days' sketches per statement: SQLite runs each on the event loop; PostgreSQL does not. */
const SKETCHES_PER_STATEMENT = { sqlite: 200, postgres: 1000 } as const satisfies Record<Engine, number>;

export function analyticsRepo(db: Kysely<Database>, engine: Engine): AnalyticsRepo {
  return {
    sketchesPerStatement: SKETCHES_PER_STATEMENT[engine],
    async increment(increments) {
      await writeRollups(db, rollupWrites(increments.map((i) => rollupRows(i.credential, i.day, [i])[0]!)));
    },
    async countForCredentials(rows) {
      // Rows of one key added up and in key order (concurrent writers then lock them in the same order).
      const merged = new Map<string, { credential_id: string; day: string; views: number; visitors: number; verifications: number }>();
      for (const r of rows) {
        const key = `${r.credentialId}\n${r.day}`;
        const seen = merged.get(key);
        if (seen) {
          seen.views += r.views;
          seen.visitors += r.visitors;
          seen.verifications += r.verifications;
        } else merged.set(key, { credential_id: r.credentialId, day: r.day, views: r.views, visitors: r.visitors, verifications: r.verifications });
      }
      const ordered = [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
      for (let at = 0; at < ordered.length; at += CHUNK) {
        await db
          .insertInto('credential_views')
          .values(ordered.slice(at, at + CHUNK))
          .onConflict((oc) =>
            oc.columns(['credential_id', 'day']).doUpdateSet((eb) => ({
              views: eb('credential_views.views', '+', eb.ref('excluded.views')),
              visitors: eb('credential_views.visitors', '+', eb.ref('excluded.visitors')),
              verifications: eb('credential_views.verifications', '+', eb.ref('excluded.verifications')),
            })),
          )
          .execute();
      }
    },
    async lockVisitorSketches(day, credentialIds) {
      if (credentialIds.length === 0) return new Map();
      const n = dayNumber(day);
      let rows: Array<{ credential_id: string; sketch: Uint8Array; counted: number }>;
      if (engine === 'postgres') {
        // Two instances' first visitors of a credential-day must not both create its row: it is created empty first
        // (a concurrent creator waits for the other's commit), then every row is locked, in key order (no deadlock).
        await sql`insert into analytics_visitor_sketches (day, credential_id, sketch, counted)
          select ${n}::int4, unnest(${credentialIds}::text[]), '\\x'::bytea, 0 on conflict do nothing`.execute(db);
        rows = (await sql<{ credential_id: string; sketch: Uint8Array; counted: number }>`select credential_id, sketch, counted
          from analytics_visitor_sketches where day = ${n}::int4 and credential_id = any(${credentialIds}::text[])
          order by credential_id for update`.execute(db)).rows;
      } else {
        // SQLite: one connection, its transactions one at a time.
        rows = await db.selectFrom('analytics_visitor_sketches').select(['credential_id', 'sketch', 'counted']).where('day', '=', n).where('credential_id', 'in', credentialIds).execute();
      }
      return new Map(rows.map((r) => [r.credential_id, { sketch: r.sketch, counted: Number(r.counted) }]));
    },
    async saveVisitorSketches(day, sketches) {
      if (sketches.length === 0) return;
      const n = dayNumber(day);
      await db
        .insertInto('analytics_visitor_sketches')
        .values(sketches.map((s) => ({ day: n, credential_id: s.credentialId, sketch: Buffer.from(s.sketch.buffer, s.sketch.byteOffset, s.sketch.byteLength), counted: s.counted })))
        .onConflict((oc) => oc.columns(['day', 'credential_id']).doUpdateSet((eb) => ({ sketch: eb.ref('excluded.sketch'), counted: eb.ref('excluded.counted') })))
        .execute();
    },
    async daySalt(day, fresh) {
      await db.insertInto('analytics_salts').values({ day, salt: fresh }).onConflict((oc) => oc.column('day').doNothing()).execute();
      const row = await db.selectFrom('analytics_salts').select('salt').where('day', '=', day).executeTakeFirstOrThrow();
      return row.salt;
    },
    async forgetBefore(day) {
      await db.deleteFrom('analytics_salts').where('day', '<', day).execute();
      await db.deleteFrom('analytics_visitor_sketches').where('day', '<', dayNumber(day)).execute();
    },
    async totals(f, metrics) {
      const only = metrics?.length ? [...metrics] : undefined;
      const rows = f.achievementId
        ? await fromDaily(db, f)
            .select(['metric', 'dim', (eb) => eb.fn.sum<string | number>('count').as('count')])
            .$if(only !== undefined, (q) => q.where('metric', 'in', only!))
            .groupBy(['metric', 'dim'])
            .execute()
        : await fromTotals(db, f)
            .select(['metric', 'dim', (eb) => eb.fn.sum<string | number>('count').as('count')])
            .$if(only !== undefined, (q) => q.where('metric', 'in', only!))
            .groupBy(['metric', 'dim'])
            .execute();
      return rows.map((r) => ({ metric: r.metric as Metric, dim: r.dim, count: sum(r.count) }));
    },
    async daily(f, metrics) {
      if (metrics.length === 0) return [];
      const rows = f.achievementId
        ? await fromDaily(db, f)
            .select(['day', 'metric', (eb) => eb.fn.sum<string | number>('count').as('count')])
            .where('metric', 'in', [...metrics])
            .groupBy(['day', 'metric'])
            .orderBy('day')
            .execute()
        : await fromTotals(db, f)
            .select(['day', 'metric', (eb) => eb.fn.sum<string | number>('count').as('count')])
            .where('metric', 'in', [...metrics])
            .groupBy(['day', 'metric'])
            .orderBy('day')
            .execute();
      return rows.map((r) => ({ day: r.day, metric: r.metric as Metric, count: sum(r.count) }));
    },
    async byAchievement(f) {
      // Whole months from the monthly rollup, the days at the ends from the daily one, summed in SQL.
      const split = splitByMonths(f.from, f.to);
      const columns = ['achievement_id', 'metric', 'dim', 'count'] as const;
      const parts = [
        ...split.days.map(([from, to]) => fromDaily(db, { ...f, from, to }).select(columns)),
        ...(split.months ? [fromMonthly(db, f, split.months).select(columns)] : []),
      ];
      const rows = await db
        .selectFrom(parts.reduce((all, part) => all.unionAll(part)).as('cells'))
        .select(['achievement_id', 'metric', 'dim', (eb) => eb.fn.sum<string | number>('count').as('count')])
        .groupBy(['achievement_id', 'metric', 'dim'])
        .execute();
      return rows.map((r) => ({ achievementId: r.achievement_id, metric: r.metric as Metric, dim: r.dim, count: sum(r.count) }));
    },
    async credentialTotals(ids) {
      const out = new Map<string, CredentialTotals>();
      if (ids.length === 0) return out;
      const rows = await db
        .selectFrom('credential_views')
        .select(['credential_id', (eb) => eb.fn.sum<string | number>('views').as('views'), (eb) => eb.fn.sum<string | number>('visitors').as('visitors'), (eb) => eb.fn.sum<string | number>('verifications').as('verifications')])
        .where('credential_id', 'in', [...ids])
        .groupBy('credential_id')
        .execute();
      for (const r of rows) out.set(r.credential_id, { views: Number(r.views), visitors: Number(r.visitors), verifications: Number(r.verifications) });
      return out;
    },
  };
}
