import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readAnalyticsByAchievement, readAnalyticsSeries, readAnalyticsSummary, SUMMARY_COUNTS, type AnalyticsQuery as Query } from '../../../../domain/analytics/read-analytics.js';
import { csvText } from '../../../csv/write-csv.js';
import { actorOf } from '../../auth.js';
import type { HttpDeps } from '../../http-deps.js';
import { errorResponses } from '../../schemas/common.js';
import { Type } from 'typebox';
import { AnalyticsAchievementsView, AnalyticsQuery, AnalyticsSeriesView, AnalyticsSummaryView, ExportQuery, SeriesQuery } from './analytics.schema.js';

const tags = ['analytics'];
const COUNT_KEYS = Object.keys(SUMMARY_COUNTS) as Array<keyof typeof SUMMARY_COUNTS>;
type Cell = string | number | null;

/** What happened to the organisation's credentials after issue: totals, series, per achievement, and CSV of each. */
export const analyticsRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  const query = (request: { query: Omit<Query, 'actor'> }, actor: Query['actor']): Query => ({ actor, ...request.query });
  // Engagements are counted in memory and written every second: this instance's own are written before a read
  // (another instance's appear once it has written them, within its interval). Only for an authenticated caller.
  const counted = async (request: { query: Omit<Query, 'actor'> } & Parameters<typeof actorOf>[0]): Promise<Query> => {
    const q = query(request, actorOf(request));
    await deps.analytics.settled();
    return q;
  };

  app.get(
    '/analytics/summary',
    { schema: { tags, summary: 'Totals over a period: the funnel, shares per network, verifications, time to issue and to claim (docs/analytics.md)', querystring: AnalyticsQuery, response: { 200: AnalyticsSummaryView, ...errorResponses } } },
    async (request) => readAnalyticsSummary(deps, await counted(request)),
  );

  app.get(
    '/analytics/timeseries',
    { schema: { tags, summary: 'The same counts per day or week of the period (every period present, zeros included)', querystring: SeriesQuery, response: { 200: AnalyticsSeriesView, ...errorResponses } } },
    async (request) => readAnalyticsSeries(deps, { ...(await counted(request)), interval: request.query.interval ?? 'day' }),
  );

  app.get(
    '/analytics/achievements',
    { schema: { tags, summary: 'The counts of each achievement over the period, for comparisons', querystring: AnalyticsQuery, response: { 200: AnalyticsAchievementsView, ...errorResponses } } },
    async (request) => readAnalyticsByAchievement(deps, await counted(request)),
  );

  app.get(
    '/analytics/export.csv',
    {
      schema: {
        tags,
        summary: 'Any analytics view as CSV: the summary (metric, value), the series (a row per period) or the achievements (a row each)',
        querystring: ExportQuery,
        produces: ['text/csv'],
        response: { 200: Type.String({ description: 'text/csv' }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { view, interval, ...rest } = request.query;
      const q = query({ query: rest }, actorOf(request));
      await deps.analytics.settled();
      let rows: Cell[][];
      let range: { from: string; to: string };
      if (view === 'summary') {
        const s = await readAnalyticsSummary(deps, q);
        range = s;
        rows = [
          ['metric', 'value'],
          ...COUNT_KEYS.map((k): Cell[] => [k, s[k]]),
          ['medianHoursToIssue', s.medianHoursToIssue],
          ['medianHoursToClaim', s.medianHoursToClaim],
          ...Object.entries(s.shares).map(([k, v]): Cell[] => [`shares.${k}`, v]),
          ...Object.entries(s.accepts).map(([k, v]): Cell[] => [`accepts.${k}`, v]),
          ...Object.entries(s.verifications).map(([k, v]): Cell[] => [`verifications.${k}`, v]),
          ...s.timeToIssue.buckets.map((b): Cell[] => [`timeToIssue.${b.bucket}`, b.count]),
          ...s.timeToClaim.buckets.map((b): Cell[] => [`timeToClaim.${b.bucket}`, b.count]),
        ];
      } else if (view === 'series') {
        const s = await readAnalyticsSeries(deps, { ...q, interval: interval ?? 'day' });
        range = s;
        rows = [['period', ...COUNT_KEYS], ...s.points.map((p): Cell[] => [p.period, ...COUNT_KEYS.map((k) => p[k])])];
      } else {
        const s = await readAnalyticsByAchievement(deps, q);
        range = s;
        rows = [['achievementId', ...COUNT_KEYS, 'medianHoursToIssue', 'medianHoursToClaim'], ...s.items.map((i): Cell[] => [i.achievementId, ...COUNT_KEYS.map((k) => i[k]), i.medianHoursToIssue, i.medianHoursToClaim])];
      }
      return reply
        .type('text/csv; charset=utf-8')
        .header('cache-control', 'private, no-store')
        .header('content-disposition', `attachment; filename="analytics-${view}-${range.from}-${range.to}.csv"`)
        .send(csvText(rows));
    },
  );
};
