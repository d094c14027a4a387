import { bulkReportUrl, getBulkImport } from '../api/bulk';
import { publicPageUrl } from '../api/badges';
import type { Achievement, BulkImport } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { bulkCounts, milestone } from '../lib/bulk';
import { Notice } from './Notice';
import { Polled } from './Polled';
import { Badge } from './StatusBadge';
import { DataTable } from './Table';

const POLL_MS = 500;
/** Rows listed at most; the rows not awarded always are, and the report has every row. */
const SHOWN = 500;

/** A bulk import's live progress bar (announced at each quarter), per-row results and the report. */
export function BulkProgress({ importId, achievements }: { importId: string; achievements: ReadonlyMap<string, Achievement> }) {
  return (
    <Polled id={importId} load={(signal) => getBulkImport(importId, signal)} finished={(b) => b.status === 'done' || b.status === 'failed'} intervalMs={POLL_MS}>
      {(current) => <BulkReport current={current} achievements={achievements} />}
    </Polled>
  );
}

function BulkReport({ current, achievements }: { current: BulkImport; achievements: ReadonlyMap<string, Achievement> }) {
  const { t } = useI18n();
  const counts = bulkCounts(current);
  const achievement = achievements.get(current.achievementId)?.name ?? '';
  const step = milestone(current);
  const rows = current.results.length > SHOWN ? [...current.results.filter((r) => r.status !== 'issued'), ...current.results.filter((r) => r.status === 'issued')].slice(0, SHOWN) : current.results;
  return (
    <section aria-labelledby="bulk-progress">
      <h2 id="bulk-progress">{t('bulk.progressTitle', { achievement })}</h2>
      <label htmlFor="bulk-progress-bar" className="field-label">
        {t(`bulk.status.${current.status}`)}
      </label>
      <progress id="bulk-progress-bar" className="progress" max={current.total} value={current.processed} aria-describedby="bulk-progress-counts">
        {counts.percent}%
      </progress>
      <p id="bulk-progress-counts">{t('bulk.counts', { processed: current.processed, total: current.total, issued: counts.issued, notIssued: counts.notIssued })}</p>
      <p className="visually-hidden" aria-live="polite">
        {counts.finished ? t('bulk.finished', { issued: counts.issued, notIssued: counts.notIssued }) : t('bulk.milestone', { percent: step })}
      </p>
      {counts.finished && (
        <Notice tone={current.status === 'done' && counts.notIssued === 0 ? 'success' : 'warning'}>
          <p>{t(current.status === 'done' ? 'bulk.finished' : 'bulk.failed', { issued: counts.issued, notIssued: counts.notIssued })}</p>
        </Notice>
      )}
      <p>
        <a href={bulkReportUrl(current.id)} download={`bulk-import-${current.id}.csv`}>
          {t('bulk.report')}
        </a>
      </p>
      <DataTable
        caption={t('bulk.resultsCaption')}
        captionHidden={false}
        columns={[
          { header: t('bulk.col.row'), primary: true, className: '', cell: (r) => r.row },
          { header: t('bulk.col.email'), className: 'cell-break', cell: (r) => r.email || t('common.none') },
          { header: t('bulk.col.result'), cell: (r) => <Badge tone={r.status === 'issued' ? 'active' : 'revoked'}>{t(`bulk.result.${r.status}`)}</Badge> },
          {
            header: t('bulk.col.detail'),
            className: 'cell-break',
            cell: (r) =>
              r.credentialId ? (
                <a href={publicPageUrl(r.credentialId)} target="_blank" rel="noreferrer">
                  {t('bulk.credentialPage')}
                  <span className="visually-hidden">
                    {' '}
                    {t('credentials.ofRecipient', { recipient: r.email })} {t('common.opensNewTab')}
                  </span>
                </a>
              ) : (
                (r.error ?? t('common.none'))
              ),
          },
        ]}
        rows={rows}
        rowKey={(r) => r.row}
        rowClassName={(r) => (r.status === 'issued' ? undefined : 'row-invalid')}
        empty={t('bulk.noResults')}
      />
      {rows.length < current.processed && <p className="muted">{t('bulk.shownOf', { shown: rows.length, total: current.processed })}</p>}
    </section>
  );
}
