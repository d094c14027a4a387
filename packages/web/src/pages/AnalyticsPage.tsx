import { useCallback, useState } from 'react';
import {
  analyticsCsvUrl,
  getAnalyticsByAchievement,
  getAnalyticsSeries,
  getAnalyticsSummary,
  type AnalyticsByAchievement,
  type AnalyticsCounts,
  type AnalyticsFilter,
  type AnalyticsSummary,
  type Interval,
} from '../api/analytics';
import { Button } from '../components/Button';
import { ErrorSummary } from '../components/ErrorSummary';
import { SelectField, TextField } from '../components/Field';
import { LoadState } from '../components/LoadState';
import { PageHeader } from '../components/PageHeader';
import { SubmitForm } from '../components/SubmitForm';
import { DataTable } from '../components/Table';
import { BarChart } from '../components/analytics/BarChart';
import { ChartFigure } from '../components/analytics/ChartFigure';
import { TrendChart } from '../components/analytics/TrendChart';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/useI18n';
import { PERIOD_PRESETS, presetRange, suggestedInterval, validRange, type PeriodPreset } from '../lib/analytics-period';
import { formValues, optional } from '../lib/form';
import { useAchievementList, useIssuerList } from '../lib/lookups';
import { useLoad } from '../lib/useLoad';
import { useSubmit } from '../lib/useSubmit';

/** A row of the comparison table: one achievement's counts. */
type AchievementRow = AnalyticsByAchievement['items'][number];

const TOTALS = ['issued', 'delivered', 'opened', 'claimed', 'viewed', 'visitors', 'shared', 'verified', 'accepted', 'downloaded'] as const satisfies readonly (keyof AnalyticsCounts)[];
const TREND = ['issued', 'claimed', 'viewed', 'shared', 'verified'] as const satisfies readonly (keyof AnalyticsCounts)[];
const COMPARE = ['issued', 'claimed', 'viewed', 'shared', 'verified'] as const satisfies readonly (keyof AnalyticsCounts)[];
const metric = (k: string) => `analytics.metric.${k}` as MessageKey;
const pct = (n: number, of: number, locale: string) => (of > 0 ? (n / of).toLocaleString(locale, { style: 'percent', maximumFractionDigits: 0 }) : '—');

/** Analytics: what happened to the organisation's credentials over a period (docs/analytics.md). */
export function AnalyticsPage() {
  const { t, locale } = useI18n();
  const issuers = useIssuerList();
  const achievements = useAchievementList();
  const [preset, setPreset] = useState<PeriodPreset>('30d');
  const [filter, setFilter] = useState<AnalyticsFilter>(() => presetRange('30d', new Date()));
  const [interval, setInterval] = useState<Interval>('day');

  const load = useCallback(
    async () => {
      const [summary, series, byAchievement] = await Promise.all([getAnalyticsSummary(filter), getAnalyticsSeries(filter, interval), getAnalyticsByAchievement(filter)]);
      return { summary, series, byAchievement };
    },
    [filter, interval],
  );
  const data = useLoad(load, [load]);

  const apply = useSubmit(async (form: HTMLFormElement) => {
    const v = formValues(form);
    const chosen = (v.preset ?? '30d') as PeriodPreset;
    const range = chosen === 'custom' ? { from: v.from ?? '', to: v.to ?? '' } : presetRange(chosen, new Date());
    if (!validRange(range.from, range.to)) throw new RangeError('bad range');
    setFilter({ ...range, issuerId: optional(v.issuerId), achievementId: optional(v.achievementId) });
    setInterval((v.interval as Interval | undefined) || suggestedInterval(range.from, range.to));
  });

  const d = data.data;
  const achievementName = (id: string) => achievements.byId.get(id)?.name ?? id;
  return (
    <>
      <PageHeader title={t('analytics.title')} intro={t('analytics.intro')} />
      <SubmitForm action={apply}>
        <fieldset className="fieldset analytics-filters">
          <legend className="field-label">{t('analytics.filters')}</legend>
          <SelectField
            name="preset"
            label={t('analytics.period')}
            value={preset}
            onChange={(e) => setPreset(e.target.value as PeriodPreset)}
            options={PERIOD_PRESETS.map((p) => ({ value: p, label: t(`analytics.preset.${p}` as MessageKey) }))}
          />
          {preset === 'custom' && (
            <>
              <TextField name="from" type="date" label={t('analytics.from')} defaultValue={filter.from} required />
              <TextField name="to" type="date" label={t('analytics.to')} defaultValue={filter.to} required />
            </>
          )}
          <SelectField name="issuerId" label={t('analytics.issuer')} placeholder={t('analytics.all')} options={(issuers.data ?? []).map((i) => ({ value: i.id, label: i.name }))} />
          <SelectField name="achievementId" label={t('analytics.achievement')} placeholder={t('analytics.all')} options={(achievements.data ?? []).map((a) => ({ value: a.id, label: a.name }))} />
          <SelectField
            name="interval"
            label={t('analytics.interval')}
            placeholder={t('analytics.interval.auto')}
            options={[
              { value: 'day', label: t('analytics.interval.day') },
              { value: 'week', label: t('analytics.interval.week') },
            ]}
          />
        </fieldset>
        <Button type="submit" busy={apply.pending}>
          {t('analytics.apply')}
        </Button>
      </SubmitForm>
      <ErrorSummary error={apply.error} message={apply.error instanceof RangeError ? t('analytics.badRange') : undefined} />
      <LoadState loading={data.loading && !d} error={data.error} retry={data.reload}>
        {d && (
          <div aria-busy={data.loading}>
            <p role="status" className="muted">
              {t('analytics.showing', { from: d.summary.from, to: d.summary.to })}
            </p>
            <section aria-labelledby="analytics-totals">
              <h2 id="analytics-totals">{t('analytics.totals')}</h2>
              <dl className="stat-grid">
                {TOTALS.map((k) => (
                  <div key={k} className="card stat" data-metric={k}>
                    <dt>{t(metric(k))}</dt>
                    <dd>{d.summary[k].toLocaleString(locale)}</dd>
                  </div>
                ))}
                {hours(d.summary, 'medianHoursToIssue')}
                {hours(d.summary, 'medianHoursToClaim')}
              </dl>
              <p className="chart-csv">
                <a href={analyticsCsvUrl(filter, 'summary')} download>
                  {t('analytics.csv')}
                  <span className="visually-hidden"> ({t('analytics.totals')})</span>
                </a>
              </p>
            </section>

            <h2>{t('analytics.charts')}</h2>
            <div className="chart-grid">
              <ChartFigure
                title={t('analytics.trend', { interval: t(`analytics.interval.${d.series.interval}` as MessageKey) })}
                table={{ columns: [t('analytics.period'), ...TREND.map((k) => t(metric(k)))], rows: d.series.points.map((p) => [p.period, ...TREND.map((k) => p[k])]) }}
                csv={analyticsCsvUrl(filter, 'series', d.series.interval)}
                wide
              >
                <TrendChart label={t('analytics.trendLabel')} periods={d.series.points.map((p) => p.period)} series={TREND.map((k) => ({ name: t(metric(k)), values: d.series.points.map((p) => p[k]) }))} />
              </ChartFigure>
              {funnel(d.summary)}
              {breakdown(t('analytics.shares'), Object.entries(d.summary.shares), 'analytics.network')}
              {breakdown(t('analytics.verifications'), Object.entries(d.summary.verifications), 'analytics.verifyChannel')}
              {breakdown(t('analytics.timeToIssue'), d.summary.timeToIssue.buckets.map((b) => [b.bucket, b.count]), 'analytics.bucket')}
              {breakdown(t('analytics.timeToClaim'), d.summary.timeToClaim.buckets.map((b) => [b.bucket, b.count]), 'analytics.bucket')}
            </div>

            <section aria-labelledby="analytics-compare">
              <h2 id="analytics-compare">{t('analytics.compare')}</h2>
              <DataTable
                caption={t('analytics.compare')}
                columns={[
                  { header: t('analytics.achievement'), primary: true, className: '', cell: (a) => achievementName(a.achievementId) },
                  ...COMPARE.map((k) => ({ header: t(metric(k)), headerClassName: 'num', className: 'num', cell: (a: AchievementRow) => a[k].toLocaleString(locale) })),
                  { header: t('analytics.claimRate'), headerClassName: 'num', className: 'num', cell: (a) => pct(a.claimed, a.issued, locale) },
                  {
                    header: t('analytics.medianToClaim'),
                    headerClassName: 'num',
                    className: 'num',
                    cell: (a) => (a.medianHoursToClaim === null ? '—' : t('analytics.hours', { n: a.medianHoursToClaim })),
                  },
                ]}
                rows={d.byAchievement.items}
                rowKey={(a) => a.achievementId}
                empty={t('analytics.noActivity')}
              />
              <p className="chart-csv">
                <a href={analyticsCsvUrl(filter, 'achievements')} download>
                  {t('analytics.csv')}
                  <span className="visually-hidden"> ({t('analytics.compare')})</span>
                </a>
              </p>
            </section>
          </div>
        )}
      </LoadState>
      <p className="muted">{t('analytics.privacy')}</p>
    </>
  );

  // Render helpers (plain calls, not components: a component declared in here would remount on every render).
  function funnel(summary: AnalyticsSummary) {
    const first = summary.funnel[0]?.count ?? 0;
    const title = t('analytics.funnel');
    return (
      <ChartFigure
        title={title}
        table={{ columns: [t('analytics.step'), t('analytics.count'), t('analytics.ofIssued')], rows: summary.funnel.map((s) => [t(metric(s.step)), s.count, pct(s.count, first, locale)]) }}
        csv={analyticsCsvUrl(filter, 'summary')}
      >
        <BarChart label={title} bars={summary.funnel.map((s) => ({ label: t(metric(s.step)), value: s.count, note: pct(s.count, first, locale) }))} />
      </ChartFigure>
    );
  }

  function breakdown(title: string, entries: readonly (readonly [string, number])[], prefix: string) {
    const name = (k: string) => t(`${prefix}.${k}` as MessageKey);
    return (
      <ChartFigure title={title} table={{ columns: [t('analytics.step'), t('analytics.count')], rows: entries.map(([k, n]) => [name(k), n]) }} csv={analyticsCsvUrl(filter, 'summary')}>
        <BarChart label={title} bars={entries.map(([k, n]) => ({ label: name(k), value: n }))} />
      </ChartFigure>
    );
  }

  function hours(summary: AnalyticsSummary, which: 'medianHoursToIssue' | 'medianHoursToClaim') {
    const v = summary[which];
    return (
      <div className="card stat" data-metric={which}>
        <dt>{t(metric(which))}</dt>
        <dd>{v === null ? '—' : t('analytics.hours', { n: v })}</dd>
      </div>
    );
  }
}
