import { bulkReportUrl, getBulkImport } from '../api/bulk';
import { publicPageUrl } from '../api/badges';
import type { Achievement, BulkImport } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { bulkCounts, milestone } from '../lib/bulk';
import { Notice } from './Notice';
import { Polled } from './Polled';
import { EmptyRow, Table } from './Table';

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
      <Table caption={t('bulk.resultsCaption')} captionHidden={false}>
        <thead>
          <tr>
            <th scope="col">{t('bulk.col.row')}</th>
            <th scope="col">{t('bulk.col.email')}</th>
            <th scope="col">{t('bulk.col.result')}</th>
            <th scope="col">{t('bulk.col.detail')}</th>
          </tr>
        </thead>
        <tbody>
          {current.results.length === 0 && <EmptyRow colSpan={4}>{t('bulk.noResults')}</EmptyRow>}
          {rows.map((r) => (
            <tr key={r.row} className={r.status === 'issued' ? undefined : 'row-invalid'}>
              <th scope="row">{r.row}</th>
              <td className="cell-break">{r.email || t('common.none')}</td>
              <td>
                <span className={`badge ${r.status === 'issued' ? 'badge-active' : 'badge-revoked'}`}>{t(`bulk.result.${r.status}`)}</span>
              </td>
              <td className="cell-break">
                {r.credentialId ? (
                  <a href={publicPageUrl(r.credentialId)} target="_blank" rel="noreferrer">
                    {t('bulk.credentialPage')}
                    <span className="visually-hidden">
                      {' '}
                      {t('credentials.ofRecipient', { recipient: r.email })} {t('common.opensNewTab')}
                    </span>
                  </a>
                ) : (
                  (r.error ?? t('common.none'))
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
      {rows.length < current.processed && <p className="muted">{t('bulk.shownOf', { shown: rows.length, total: current.processed })}</p>}
    </section>
  );
}
