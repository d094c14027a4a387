import { Type, type TInteger } from 'typebox';
import { HOUR_BUCKETS, SUMMARY_COUNTS } from '../../../../domain/analytics/read-analytics.js';
import { SHARE_NETWORKS, VERIFY_CHANNELS, WALLET_CHANNELS } from '../../../../domain/analytics/metrics.js';
import { Nullable, StringEnum } from '../../schemas/common.js';

const Day = { pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'A day, YYYY-MM-DD (UTC)' };
const DayType = Type.String(Day);
const Count = Type.Integer({ minimum: 0 });
const DESCRIPTIONS: Record<keyof typeof SUMMARY_COUNTS, string> = {
  issued: 'Credentials issued',
  delivered: 'Award e-mails accepted by the mail server',
  bounced: 'Award e-mails the mail server refused for good (5xx)',
  opened: 'Award e-mail opens (the open pixel; off when the organisation turned it off)',
  clicked: "Award e-mail claim links followed",
  claimed: 'Credentials claimed into an account',
  accepted: 'Credentials taken into a wallet (OpenID4VCI, the signed JSON, the baked image)',
  viewed: 'Public page views (bots, Do-Not-Track and GPC visitors not counted)',
  visitors: 'Distinct visitors, per credential and day (a day-salted hash; never kept past the day)',
  shared: 'Shares from the public page (all networks)',
  linkedinAdded: "LinkedIn 'Add to profile' followed",
  verified: 'Valid verifications by third parties (verify page, verify API, VC-API)',
  downloaded: 'PDF certificates downloaded',
  revoked: 'Credentials revoked',
  suspended: 'Credentials suspended',
  expired: 'Credentials whose expiry date falls in the period',
  renewed: 'Renewals issued',
};
const counts = Object.fromEntries(Object.keys(SUMMARY_COUNTS).map((k) => [k, Type.Integer({ minimum: 0, description: DESCRIPTIONS[k as keyof typeof SUMMARY_COUNTS] })])) as Record<keyof typeof SUMMARY_COUNTS, TInteger>;
const byKey = (keys: readonly string[], description: string) => Type.Object(Object.fromEntries(keys.map((k) => [k, Count])), { description });

const query = {
  from: Type.Optional(Type.String({ ...Day, description: 'First day included (default: 29 days before `to`)' })),
  to: Type.Optional(Type.String({ ...Day, description: 'Last day included (default: today, UTC)' })),
  issuerId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  achievementId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
};
const interval = Type.Optional(StringEnum(['day', 'week'] as const, { default: 'day', description: 'Points per day, or per week (starting Monday)' }));
export const AnalyticsQuery = Type.Object(query, { additionalProperties: false });
export const SeriesQuery = Type.Object({ ...query, interval }, { additionalProperties: false });
export const ExportQuery = Type.Object({ ...query, interval, view: StringEnum(['summary', 'series', 'achievements'] as const, { description: 'Which view to export' }) }, { additionalProperties: false });

const Distribution = Type.Object({
  median: Nullable(Type.Number()),
  count: Count,
  buckets: Type.Array(Type.Object({ bucket: StringEnum(HOUR_BUCKETS.map(([b]) => b)), count: Count })),
});

export const AnalyticsSummaryView = Type.Object(
  {
    from: DayType,
    to: DayType,
    ...counts,
    medianHoursToIssue: Nullable(Type.Number({ description: 'Median whole hours from the achievement (a backdated issue date, an award rule event) to its issue' })),
    medianHoursToClaim: Nullable(Type.Number({ description: 'Median whole hours from issue to claim' })),
    shares: byKey(SHARE_NETWORKS, 'Shares per network'),
    accepts: byKey(WALLET_CHANNELS, 'Wallet acceptances per channel'),
    verifications: byKey(VERIFY_CHANNELS, 'Verifications per channel'),
    funnel: Type.Array(Type.Object({ step: Type.String(), count: Count }), { description: 'issued → delivered → opened → claimed → shared → verified' }),
    timeToIssue: Distribution,
    timeToClaim: Distribution,
  },
  { $id: 'AnalyticsSummary' },
);

export const AnalyticsSeriesView = Type.Object(
  { from: DayType, to: DayType, interval: StringEnum(['day', 'week'] as const), points: Type.Array(Type.Object({ period: DayType, ...counts })) },
  { $id: 'AnalyticsSeries' },
);

export const AnalyticsAchievementsView = Type.Object(
  {
    from: DayType,
    to: DayType,
    items: Type.Array(Type.Object({ achievementId: Type.String(), ...counts, medianHoursToIssue: Nullable(Type.Number()), medianHoursToClaim: Nullable(Type.Number()) })),
  },
  { $id: 'AnalyticsByAchievement' },
);
