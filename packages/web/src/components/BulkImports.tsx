import { bulkReportUrl, listBulkImports } from '../api/bulk';
import type { Achievement } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { useLoad } from '../lib/useLoad';
import { Link } from '../router/Link';
import { DataTable } from './Table';

/** Recent imports, so one that was interrupted (or run by a colleague) can be followed up. */
export function BulkImports({ achievements }: { achievements: ReadonlyMap<string, Achievement> }) {
  const { t, formatDateTime } = useI18n();
  const imports = useLoad(listBulkImports, []);
  const items = imports.data?.items ?? [];
  if (imports.error || items.length === 0) return null;
  return (
    <section className="section" aria-labelledby="bulk-recent">
      <h2 id="bulk-recent">{t('bulk.recent')}</h2>
      <DataTable
        caption={t('bulk.recent')}
        columns={[
          { header: t('bulk.col.started'), primary: true, className: '', cell: (b) => formatDateTime(b.createdAt) },
          { header: t('bulk.col.achievement'), cell: (b) => achievements.get(b.achievementId)?.name ?? t('common.none') },
          {
            header: t('bulk.col.progress'),
            cell: (b) => (
              <>
                {t(`bulk.status.${b.status}`)} · {t('bulk.processedOf', { processed: b.processed, total: b.total })}
              </>
            ),
          },
          {
            header: t('common.actions'),
            className: 'cell-actions',
            cell: (b) => (
              <>
                <Link to={`/award/bulk?import=${encodeURIComponent(b.id)}`}>
                  {t('bulk.open')}
                  <span className="visually-hidden"> {formatDateTime(b.createdAt)}</span>
                </Link>
                <a href={bulkReportUrl(b.id)} download={`bulk-import-${b.id}.csv`}>
                  {t('bulk.reportShort')}
                  <span className="visually-hidden"> {formatDateTime(b.createdAt)}</span>
                </a>
              </>
            ),
          },
        ]}
        rows={items}
        rowKey={(b) => b.id}
        empty={t('common.none')}
      />
    </section>
  );
}
