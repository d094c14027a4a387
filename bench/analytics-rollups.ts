/**
 * Analytics dashboards at scale (PostgreSQL): a year of one large organisation — `events` events
 * (10 million at scale 1) spread over 365 days, `achievements` achievements and every metric the
 * dashboard reads — is written straight into the rollup (`analytics_daily`) with generate_series, as
 * the incremental rollup would hold it; then the dashboard's three API views for the whole year are
 * timed through HTTP (inject): summary, timeseries (by week and by day), achievements. Target: each
 * under 200 ms. Run alone: `node --conditions=source --import tsx bench/analytics-rollups.ts`
 * (BENCH_SCALE scales the events, BENCH_ITERATIONS the timed requests per view).
 */
import { mkdtempSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { buildApp } from '../packages/server/src/adapters/http/app.js';
import { BENCH_ISSUER, issueFixture } from './issue-fixture.js';
import { benchDeps, open } from './issue-path.js';

export interface AnalyticsRollupConfig {
  databaseUrl: string;
  /** Events represented by the rollup (the sum of its counts). */
  events: number;
  achievements: number;
  /** Timed requests per view, after warm-up. */
  iterations: number;
  /** Progress, as each step ends. */
  log?: (line: string) => void;
}

export interface AnalyticsQueryTiming {
  view: string;
  p50Ms: number;
  p95Ms: number;
  perSecond: number;
}

export interface AnalyticsRollupResult {
  rows: number;
  events: number;
  loadSeconds: number;
  timings: AnalyticsQueryTiming[];
  /** The machine's 1-minute load average when the timings started and ended (a shared machine slows every figure). */
  loadAverage: [number, number];
}

/** Every metric the dashboard reads, its dimensions, and how common it is relative to `issued`. */
const METRICS: Array<[metric: string, dims: string[], weight: number]> = [
  ['issued', [''], 1],
  ['delivered', [''], 0.95],
  ['bounced', [''], 0.02],
  ['opened', [''], 0.6],
  ['clicked', [''], 0.5],
  ['claimed', [''], 0.45],
  ['accepted', ['oid4vci', 'download', 'baked'], 0.05],
  ['viewed', [''], 6],
  ['visitors', [''], 3],
  ['shared', ['linkedin', 'x', 'facebook', 'email', 'copy-link', 'embed'], 0.08],
  ['linkedin-added', [''], 0.1],
  ['verified', ['api', 'vc-api'], 0.4],
  ['downloaded', [''], 0.2],
  ['revoked', [''], 0.01],
  ['expired', [''], 0.05],
  ['renewed', [''], 0.03],
  ['hours-to-issue', ['0', '3', '20', '50', '200', '900', '3000'], 0.05],
  ['hours-to-claim', ['0', '2', '12', '30', '100', '400', '1500'], 0.06],
];

export async function benchAnalyticsRollups(config: AnalyticsRollupConfig): Promise<AnalyticsRollupResult> {
  const dir = mkdtempSync(join(tmpdir(), 'laurel-bench-analytics-'));
  // `workers` only names the PostgreSQL schema: one of its own.
  const { storage, drop } = await open({ engine: 'postgres', databaseUrl: config.databaseUrl, workers: 11 }, dir);
  const deps = benchDeps(storage, dir);
  const app = await buildApp(deps, { logger: false });
  try {
    const course = (i: number) => ({ name: `Course ${i + 1}`, description: 'A course', criteria: { narrative: 'Pass it' }, kind: 'badge' });
    const fixture = await issueFixture(app, {
      organisationName: 'Large University',
      issuer: { ...BENCH_ISSUER, name: 'Large University' },
      achievement: course(0),
    });
    const { headers, issuerId } = fixture;
    const achievementIds = [fixture.achievementId];
    for (let i = 1; i < config.achievements; i++) achievementIds.push((await fixture.create('/api/v1/achievements', { issuerId, ...course(i) })).id);
    const org = await storage.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow();

    // A year ending today: each (day, achievement, metric, dim) cell gets its share of `events`, varied by ±50%.
    const to = new Date();
    const from = new Date(to.getTime() - 364 * 86_400_000);
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const cells = METRICS.flatMap(([metric, dims, weight]) => dims.map((dim) => ({ metric, dim, weight: weight / dims.length })));
    const weightPerCellDay = cells.reduce((s, c) => s + c.weight, 0);
    const base = config.events / (365 * config.achievements * weightPerCellDay);
    const values = sql.join(cells.map((c) => sql`(${c.metric}, ${c.dim}, ${c.weight}::float8)`));
    const started = performance.now();
    await sql`insert into analytics_daily (org_id, day, metric, dim, issuer_id, achievement_id, count)
      select ${org.id}, to_char(d, 'YYYY-MM-DD'), m.metric, m.dim, ${issuerId}, a.id,
             greatest(1, round(m.weight * ${base}::float8 * (0.5 + random())))::int
      from generate_series(${day(from)}::date, ${day(to)}::date, interval '1 day') d
      cross join (values ${values}) as m(metric, dim, weight)
      cross join unnest(${achievementIds}::text[]) as a(id)
      on conflict do nothing`.execute(storage.db);
    // The coarser rollups the same increments keep, filled as migration 0036 fills them: the totals (per issuer
    // and for the whole organisation, issuer '') and the months.
    await sql`insert into analytics_daily_totals (org_id, issuer_id, day, metric, dim, count)
      select org_id, '', day, metric, dim, sum(count) from analytics_daily where org_id = ${org.id} group by org_id, day, metric, dim
      union all
      select org_id, issuer_id, day, metric, dim, sum(count) from analytics_daily where org_id = ${org.id} group by org_id, issuer_id, day, metric, dim`.execute(storage.db);
    await sql`insert into analytics_monthly (org_id, month, metric, dim, issuer_id, achievement_id, count)
      select org_id, substr(day, 1, 7), metric, dim, issuer_id, achievement_id, sum(count) from analytics_daily where org_id = ${org.id}
      group by org_id, substr(day, 1, 7), metric, dim, issuer_id, achievement_id`.execute(storage.db);
    await sql`analyze analytics_daily`.execute(storage.db);
    await sql`analyze analytics_monthly`.execute(storage.db);
    await sql`analyze analytics_daily_totals`.execute(storage.db);
    const loadSeconds = (performance.now() - started) / 1000;
    config.log?.(`rollup loaded in ${loadSeconds.toFixed(1)} s`);
    const totals = await sql<{ rows: string; events: string }>`select count(*) as rows, sum(count) as events from analytics_daily where org_id = ${org.id}`.execute(storage.db);

    const range = `from=${day(from)}&to=${day(to)}`;
    const views: Array<[string, string]> = [
      ['summary, a year', `/api/v1/analytics/summary?${range}`],
      ['timeseries by week, a year', `/api/v1/analytics/timeseries?${range}&interval=week`],
      ['timeseries by day, a year', `/api/v1/analytics/timeseries?${range}&interval=day`],
      ['achievements compared, a year', `/api/v1/analytics/achievements?${range}`],
      ['summary, a year, one achievement', `/api/v1/analytics/summary?${range}&achievementId=${achievementIds[0]}`],
      ['summary, a year, one issuer', `/api/v1/analytics/summary?${range}&issuerId=${issuerId}`],
      ['achievements compared, 90 days', `/api/v1/analytics/achievements?from=${day(new Date(to.getTime() - 89 * 86_400_000))}&to=${day(to)}`],
    ];
    const timings: AnalyticsQueryTiming[] = [];
    const loadBefore = loadavg()[0]!;
    for (const [view, url] of views) {
      const once = async () => {
        const t0 = performance.now();
        const res = await app.inject({ method: 'GET', url, headers });
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        return performance.now() - t0;
      };
      // A view far over target gets a time budget (30 s) instead of every iteration: the run still ends.
      const warm = await once();
      for (let i = 1; i < Math.min(3, config.iterations) && warm < 2000; i++) await once();
      const ms: number[] = [];
      for (let i = 0; i < config.iterations && (ms.length === 0 || ms.reduce((a, b) => a + b, 0) < 30_000); i++) ms.push(await once());
      ms.sort((a, b) => a - b);
      const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!;
      timings.push({ view, p50Ms: at(0.5), p95Ms: at(0.95), perSecond: 1000 / (ms.reduce((s, x) => s + x, 0) / ms.length) });
      config.log?.(`${view}: p50 ${at(0.5).toFixed(0)} ms, p95 ${at(0.95).toFixed(0)} ms`);
    }
    return { rows: Number(totals.rows[0]!.rows), events: Number(totals.rows[0]!.events), loadSeconds, timings, loadAverage: [loadBefore, loadavg()[0]!] };
  } finally {
    await app.close();
    await drop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const scale = Number(process.env.BENCH_SCALE ?? 1);
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  benchAnalyticsRollups({ databaseUrl, events: Math.round(10_000_000 * scale), achievements: 40, iterations: Number(process.env.BENCH_ITERATIONS ?? 10), log: (line) => console.log(line) }).then(
    (r) => {
      console.log(`${r.events.toLocaleString('en')} events in ${r.rows.toLocaleString('en')} rollup rows, loaded in ${r.loadSeconds.toFixed(1)} s`);
      console.log(`load average (1 min) ${r.loadAverage[0].toFixed(1)} before the timings, ${r.loadAverage[1].toFixed(1)} after (${availableParallelism()} cores)`);
      for (const t of r.timings) console.log(`${t.view.padEnd(40)} p50 ${t.p50Ms.toFixed(1)} ms  p95 ${t.p95Ms.toFixed(1)} ms${t.p95Ms < 200 ? '' : '  OVER 200 ms'}`);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
