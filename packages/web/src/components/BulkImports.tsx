import { bulkReportUrl, listBulkImports } from '../api/bulk';
import type { Achievement } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { useLoad } from '../lib/useLoad';
import { Link } from '../router/Link';
import { EmptyRow, Table } from './Table';

/** Recent imports, so one that was interrupted (or run by a colleague) can be followed up. */
export function BulkImports({ achievements }: { achievements: ReadonlyMap<string, Achievement> }) {
  const { t, formatDateTime } = useI18n();
  const imports = useLoad(listBulkImports, []);
  const items = imports.data?.items ?? [];
  if (imports.error || items.length === 0) return null;
  return (
    <section className="section" aria-labelledby="bulk-recent">
      <h2 id="bulk-recent">{t('bulk.recent')}</h2>
      <Table caption={t('bulk.recent')}>
        <thead>
          <tr>
            <th scope="col">{t('bulk.col.started')}</th>
            <th scope="col">{t('bulk.col.achievement')}</th>
            <th scope="col">{t('bulk.col.progress')}</th>
            <th scope="col">{t('common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {items.length === 0 && <EmptyRow colSpan={4}>{t('common.none')}</EmptyRow>}
          {items.map((b) => (
            <tr key={b.id}>
              <th scope="row">{formatDateTime(b.createdAt)}</th>
              <td>{achievements.get(b.achievementId)?.name ?? t('common.none')}</td>
              <td>
                {t(`bulk.status.${b.status}`)} · {t('bulk.processedOf', { processed: b.processed, total: b.total })}
              </td>
              <td className="cell-actions">
                <Link to={`/award/bulk?import=${encodeURIComponent(b.id)}`}>
                  {t('bulk.open')}
                  <span className="visually-hidden"> {formatDateTime(b.createdAt)}</span>
                </Link>
                <a href={bulkReportUrl(b.id)} download={`bulk-import-${b.id}.csv`}>
                  {t('bulk.reportShort')}
                  <span className="visually-hidden"> {formatDateTime(b.createdAt)}</span>
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
    </section>
  );
}
