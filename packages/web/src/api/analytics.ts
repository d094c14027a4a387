import { request, withQuery } from './client';
import type { ResponseOf } from './types';

export type AnalyticsSummary = ResponseOf<'/api/v1/analytics/summary', 'get'>;
export type AnalyticsSeries = ResponseOf<'/api/v1/analytics/timeseries', 'get'>;
export type AnalyticsByAchievement = ResponseOf<'/api/v1/analytics/achievements', 'get'>;
export type AnalyticsCounts = Omit<AnalyticsSeries['points'][number], 'period'>;
export type AnalyticsView = 'summary' | 'series' | 'achievements';
export type Interval = 'day' | 'week';

/** What every analytics view is filtered by: days (YYYY-MM-DD, UTC, both included), issuer, achievement. */
export interface AnalyticsFilter {
  from: string;
  to: string;
  issuerId?: string | undefined;
  achievementId?: string | undefined;
}

const query = (f: AnalyticsFilter) => ({ from: f.from, to: f.to, issuerId: f.issuerId, achievementId: f.achievementId });

export const getAnalyticsSummary = (f: AnalyticsFilter) => request<AnalyticsSummary>('GET', '/analytics/summary', { query: query(f) });
export const getAnalyticsSeries = (f: AnalyticsFilter, interval: Interval) => request<AnalyticsSeries>('GET', '/analytics/timeseries', { query: { ...query(f), interval } });
export const getAnalyticsByAchievement = (f: AnalyticsFilter) => request<AnalyticsByAchievement>('GET', '/analytics/achievements', { query: query(f) });

/** The CSV of one view, as a plain link: the session cookie authenticates a GET, no token needed. */
export const analyticsCsvUrl = (f: AnalyticsFilter, view: AnalyticsView, interval?: Interval) =>
  withQuery('/api/v1/analytics/export.csv', { ...query(f), view, interval: view === 'series' ? interval : undefined });
