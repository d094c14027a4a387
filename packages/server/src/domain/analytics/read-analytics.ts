import type { Deps } from '../deps.js';
import { requireIssuer, requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { FieldChecks } from '../shared/validation.js';
import { SHARE_NETWORKS, VERIFY_CHANNELS, WALLET_CHANNELS, type Metric } from './metrics.js';
import type { AnalyticsFilter, RollupCell } from './ports.js';

/** The totals of the summary, named as the API names them. */
export const SUMMARY_COUNTS = {
  issued: 'issued', delivered: 'delivered', bounced: 'bounced', opened: 'opened', clicked: 'clicked', claimed: 'claimed', accepted: 'accepted',
  viewed: 'viewed', visitors: 'visitors', shared: 'shared', linkedinAdded: 'linkedin-added', verified: 'verified', downloaded: 'downloaded',
  revoked: 'revoked', suspended: 'suspended', expired: 'expired', renewed: 'renewed',
} as const satisfies Record<string, Metric>;
export type SummaryCount = keyof typeof SUMMARY_COUNTS;
export type Counts = Record<SummaryCount, number>;

/** The dashboard's funnel, in order. */
export const FUNNEL: SummaryCount[] = ['issued', 'delivered', 'opened', 'claimed', 'shared', 'verified'];
/** Time-to-issue and time-to-claim distribution buckets: [label, first hour, last hour]. */
export const HOUR_BUCKETS: ReadonlyArray<readonly [string, number, number]> = [
  ['under-1h', 0, 0], ['1h-1d', 1, 23], ['1d-7d', 24, 167], ['7d-30d', 168, 719], ['30d-90d', 720, 2159], ['90d-plus', 2160, Number.POSITIVE_INFINITY],
];
export const MAX_RANGE_DAYS = 1100;
const DAY_MS = 86_400_000;

export interface AnalyticsQuery {
  actor: Actor;
  from?: string | undefined;
  to?: string | undefined;
  issuerId?: string | undefined;
  achievementId?: string | undefined;
}

export interface Distribution {
  median: number | null;
  count: number;
  buckets: Array<{ bucket: string; count: number }>;
}

export interface AnalyticsSummary extends Counts {
  from: string;
  to: string;
  medianHoursToIssue: number | null;
  medianHoursToClaim: number | null;
  shares: Record<string, number>;
  accepts: Record<string, number>;
  verifications: Record<string, number>;
  funnel: Array<{ step: SummaryCount; count: number }>;
  timeToIssue: Distribution;
  timeToClaim: Distribution;
}

export interface SeriesPoint extends Counts {
  /** The day, or the Monday starting the week (UTC). */
  period: string;
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const zeroCounts = (): Counts => Object.fromEntries(Object.keys(SUMMARY_COUNTS).map((k) => [k, 0])) as Counts;
const countOf = Object.fromEntries(Object.entries(SUMMARY_COUNTS).map(([k, m]) => [m, k])) as Partial<Record<Metric, SummaryCount>>;

/**
 * Who may read, over which days: members with `credentials:read`; a key or client restricted to one
 * issuer sees that issuer only. Default: the last 30 days; at most MAX_RANGE_DAYS.
 */
export function analyticsFilter(deps: Pick<Deps, 'clock'>, q: AnalyticsQuery): AnalyticsFilter {
  const p = q.actor.principal;
  requirePermission(p, 'credentials:read');
  if (p.issuerId !== undefined) requireIssuer(p, q.issuerId ?? p.issuerId);
  const checks = new FieldChecks();
  const realDay = (d: string | undefined) => d === undefined || (/^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(d)) && day(new Date(d)) === d);
  checks.check(realDay(q.from), '/from', 'must be a day, YYYY-MM-DD').check(realDay(q.to), '/to', 'must be a day, YYYY-MM-DD').throwIfAny();
  const to = q.to ?? day(deps.clock.now());
  const from = q.from ?? day(new Date(Date.parse(to) - 29 * DAY_MS));
  checks.check(from <= to, '/from', 'must not be after to');
  checks.check((Date.parse(to) - Date.parse(from)) / DAY_MS < MAX_RANGE_DAYS, '/to', `a range covers at most ${MAX_RANGE_DAYS} days`);
  checks.throwIfAny();
  return { orgId: p.orgId, from, to, issuerId: q.issuerId ?? p.issuerId, achievementId: q.achievementId };
}

/** Whole hours to a median and buckets; `cells` are (hours, count). Exact: the rollup keeps whole hours. */
export function distribution(cells: ReadonlyArray<{ hours: number; count: number }>): Distribution {
  const sorted = [...cells].sort((a, b) => a.hours - b.hours);
  const n = sorted.reduce((s, c) => s + c.count, 0);
  const at = (rank: number): number => {
    let seen = 0;
    for (const c of sorted) if ((seen += c.count) >= rank) return c.hours;
    return sorted[sorted.length - 1]!.hours;
  };
  const median = n === 0 ? null : n % 2 === 1 ? at((n + 1) / 2) : (at(n / 2) + at(n / 2 + 1)) / 2;
  const buckets = HOUR_BUCKETS.map(([bucket, lo, hi]) => ({ bucket, count: sorted.filter((c) => c.hours >= lo && c.hours <= hi).reduce((s, c) => s + c.count, 0) }));
  return { median, count: n, buckets };
}

function summarise(filter: AnalyticsFilter, rows: readonly RollupCell[]): AnalyticsSummary {
  const counts = zeroCounts();
  const by = (metric: Metric, keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, rows.filter((r) => r.metric === metric && r.dim === k).reduce((s, r) => s + r.count, 0)]));
  const hours = (metric: Metric) => rows.filter((r) => r.metric === metric).map((r) => ({ hours: Number(r.dim), count: r.count }));
  for (const r of rows) {
    const key = countOf[r.metric];
    if (key) counts[key] += r.count;
  }
  const timeToIssue = distribution(hours('hours-to-issue'));
  const timeToClaim = distribution(hours('hours-to-claim'));
  return {
    from: filter.from,
    to: filter.to,
    ...counts,
    medianHoursToIssue: timeToIssue.median,
    medianHoursToClaim: timeToClaim.median,
    shares: by('shared', SHARE_NETWORKS),
    accepts: by('accepted', WALLET_CHANNELS),
    verifications: by('verified', VERIFY_CHANNELS),
    funnel: FUNNEL.map((step) => ({ step, count: counts[step] })),
    timeToIssue,
    timeToClaim,
  };
}

export async function readAnalyticsSummary(deps: Pick<Deps, 'store' | 'clock'>, q: AnalyticsQuery): Promise<AnalyticsSummary> {
  const filter = analyticsFilter(deps, q);
  return summarise(filter, await deps.store.analytics.totals(filter));
}

/** Monday of the ISO week of a day (UTC). */
export function weekOf(isoDay: string): string {
  const d = new Date(`${isoDay}T00:00:00Z`);
  return day(new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY_MS));
}

/** Counts per day or week, every period of the range present (zeros included), oldest first. */
export async function readAnalyticsSeries(deps: Pick<Deps, 'store' | 'clock'>, q: AnalyticsQuery & { interval: 'day' | 'week' }): Promise<{ from: string; to: string; interval: 'day' | 'week'; points: SeriesPoint[] }> {
  const filter = analyticsFilter(deps, q);
  const rows = await deps.store.analytics.daily(filter, Object.values(SUMMARY_COUNTS));
  const periodOf = q.interval === 'week' ? weekOf : (d: string) => d;
  const points = new Map<string, SeriesPoint>();
  for (let t = Date.parse(filter.from); t <= Date.parse(filter.to); t += DAY_MS) {
    const period = periodOf(day(new Date(t)));
    if (!points.has(period)) points.set(period, { period, ...zeroCounts() });
  }
  for (const r of rows) {
    const key = countOf[r.metric];
    const point = points.get(periodOf(r.day));
    if (key && point) point[key] += r.count;
  }
  return { from: filter.from, to: filter.to, interval: q.interval, points: [...points.values()] };
}

/** The totals of each achievement over the range, for comparisons (achievements with no activity left out). */
export async function readAnalyticsByAchievement(deps: Pick<Deps, 'store' | 'clock'>, q: AnalyticsQuery): Promise<{ from: string; to: string; items: Array<Counts & { achievementId: string; medianHoursToIssue: number | null; medianHoursToClaim: number | null }> }> {
  const filter = analyticsFilter(deps, q);
  const groups = new Map<string, RollupCell[]>();
  for (const r of await deps.store.analytics.byAchievement(filter)) {
    const list = groups.get(r.achievementId) ?? [];
    list.push(r);
    groups.set(r.achievementId, list);
  }
  const items = [...groups.entries()].map(([achievementId, list]) => {
    const s = summarise(filter, list);
    const counts = Object.fromEntries(Object.keys(SUMMARY_COUNTS).map((k) => [k, s[k as SummaryCount]])) as Counts;
    return { achievementId, ...counts, medianHoursToIssue: s.medianHoursToIssue, medianHoursToClaim: s.medianHoursToClaim };
  });
  items.sort((a, b) => b.issued - a.issued || a.achievementId.localeCompare(b.achievementId));
  return { from: filter.from, to: filter.to, items };
}
