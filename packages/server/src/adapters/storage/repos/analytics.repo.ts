import { sql, type Insertable, type Kysely } from 'kysely';
import type { Metric, RollupIncrement } from '../../../domain/analytics/metrics.js';
import type { AnalyticsRepo, CredentialTotals, RollupRow } from '../../../domain/analytics/ports.js';
import type { AnalyticsDailyTable, Database } from '../schema.js';

const KEY = ['org_id', 'day', 'metric', 'dim', 'issuer_id', 'achievement_id'] as const;

/** Rollup rows of increments for one credential's organisation, issuer and achievement. */
export const rollupRows = (
  ref: { orgId: string; issuerId: string; achievementId: string },
  day: string,
  increments: ReadonlyArray<RollupIncrement & { day?: string; count?: number }>,
): Insertable<AnalyticsDailyTable>[] =>
  increments.map((i) => ({ org_id: ref.orgId, day: i.day ?? day, metric: i.metric, dim: i.dim, issuer_id: ref.issuerId, achievement_id: ref.achievementId, count: i.count ?? 1 }));

/** Adds rows to the rollup: new cells start at their count, existing ones grow by it. */
export function upsertRollup(db: Kysely<Database>, rows: Insertable<AnalyticsDailyTable>[]) {
  return db
    .insertInto('analytics_daily')
    .values(rows)
    .onConflict((oc) => oc.columns([...KEY]).doUpdateSet({ count: (eb) => eb('analytics_daily.count', '+', eb.ref('excluded.count')) }));
}

/**
 * Inside the transaction of a history event: its increments, filed under the credential's issuer and
 * achievement as the credentials table knows them (one statement each, nothing read back).
 */
export async function incrementForCredential(db: Kysely<Database>, orgId: string, credentialId: string, day: string, increments: readonly RollupIncrement[]): Promise<void> {
  for (const i of increments) {
    await db
      .insertInto('analytics_daily')
      .columns([...KEY, 'count'])
      .expression((eb) =>
        eb
          .selectFrom('credentials')
          .select([
            'org_id',
            sql<string>`cast(${day} as text)`.as('day'),
            sql<string>`cast(${i.metric} as text)`.as('metric'),
            sql<string>`cast(${i.dim} as text)`.as('dim'),
            'issuer_id',
            'achievement_id',
            sql<number>`1`.as('count'),
          ])
          .where('id', '=', credentialId)
          .where('org_id', '=', orgId),
      )
      .onConflict((oc) => oc.columns([...KEY]).doUpdateSet({ count: (eb) => eb('analytics_daily.count', '+', eb.ref('excluded.count')) }))
      .execute();
  }
}

export function analyticsRepo(db: Kysely<Database>): AnalyticsRepo {
  return {
    async increment(ref, day, increments) {
      if (increments.length > 0) await upsertRollup(db, rollupRows(ref, day, increments)).execute();
    },
    async countForCredential(credentialId, day, counter, n = 1) {
      const start = { credential_id: credentialId, day, views: 0, visitors: 0, verifications: 0, [counter]: n };
      await db
        .insertInto('credential_views')
        .values(start)
        .onConflict((oc) => oc.columns(['credential_id', 'day']).doUpdateSet((eb) => ({ [counter]: eb(`credential_views.${counter}`, '+', n) })))
        .execute();
    },
    async firstVisit(day, credentialId, viewer) {
      const result = await db.insertInto('analytics_viewers').values({ day, credential_id: credentialId, viewer }).onConflict((oc) => oc.doNothing()).executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    async daySalt(day, fresh) {
      await db.insertInto('analytics_salts').values({ day, salt: fresh }).onConflict((oc) => oc.column('day').doNothing()).execute();
      const row = await db.selectFrom('analytics_salts').select('salt').where('day', '=', day).executeTakeFirstOrThrow();
      return row.salt;
    },
    async forgetBefore(day) {
      await db.deleteFrom('analytics_salts').where('day', '<', day).execute();
      await db.deleteFrom('analytics_viewers').where('day', '<', day).execute();
    },
    async rows(f, options = {}) {
      let q = db
        .selectFrom('analytics_daily')
        .select(['day', 'metric', 'dim', (eb) => eb.fn.sum<string | number>('count').as('count')])
        .where('org_id', '=', f.orgId)
        .where('day', '>=', f.from)
        .where('day', '<=', f.to)
        .groupBy(['day', 'metric', 'dim'])
        .orderBy('day');
      if (f.issuerId) q = q.where('issuer_id', '=', f.issuerId);
      if (f.achievementId) q = q.where('achievement_id', '=', f.achievementId);
      if (options.metrics?.length) q = q.where('metric', 'in', [...options.metrics]);
      if (options.byAchievement) q = q.select('achievement_id').groupBy('achievement_id');
      const rows = await q.execute();
      return rows.map((r): RollupRow => ({
        day: r.day,
        metric: r.metric as Metric,
        dim: r.dim,
        count: Number(r.count),
        ...('achievement_id' in r && typeof r.achievement_id === 'string' ? { achievementId: r.achievement_id } : {}),
      }));
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
