import type { BulkPreview, BulkPreviewRow } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { issueText } from '../lib/bulk';
import { Badge } from './StatusBadge';
import { DataTable } from './Table';

/** Rows shown at most; the rest are counted (the server checks every one). */
const SHOWN = 200;

/** What the CSV would award, row by row; rows with problems are marked in words, not only colour. */
export function BulkPreviewTable({ preview, problemsOnly }: { preview: BulkPreview; problemsOnly: boolean }) {
  const { t, formatDate } = useI18n();
  const rows = problemsOnly ? preview.rows.filter((r) => r.errors.length > 0) : preview.rows;
  const shown = rows.slice(0, SHOWN);
  return (
    <>
      <DataTable
        caption={t('bulk.previewCaption')}
        columns={[
          { header: t('bulk.col.row'), primary: true, className: '', cell: (r) => r.row },
          { header: t('bulk.col.name'), cell: (r) => r.name ?? t('common.none') },
          { header: t('bulk.col.email'), className: 'cell-break', cell: (r) => r.email || t('common.none') },
          { header: t('bulk.col.evidence'), className: 'cell-break', cell: (r) => r.evidenceUrl ?? t('common.none') },
          {
            header: t('bulk.col.issuedOn'),
            cell: (r) => (r.issuedOn ? formatDate(r.issuedOn) : (r.issues ?? []).some((i) => i.code.startsWith('date-')) ? t('common.none') : t('bulk.today')),
          },
          { header: t('bulk.col.check'), cell: (r) => <RowCheck row={r} /> },
        ]}
        rows={shown}
        rowKey={(r) => r.row}
        rowClassName={(r) => (r.errors.length > 0 ? 'row-invalid' : undefined)}
        empty={t('bulk.noRows')}
      />
      {rows.length > SHOWN && <p className="muted">{t('bulk.shownOf', { shown: SHOWN, total: rows.length })}</p>}
      {preview.rowsListed === 'issues' && <p className="muted">{t('bulk.issuesOnly', { total: preview.total, omitted: preview.rowsOmitted ?? 0 })}</p>}
    </>
  );
}

/** A row's check: valid (with any warnings) or not awarded, with why. */
function RowCheck({ row: r }: { row: BulkPreviewRow }) {
  const { t } = useI18n();
  // Issues in the UI language from their codes (an older server sends only English text).
  const errors = r.issues ? r.issues.filter((i) => i.severity === 'error').map((i) => issueText(i, t)) : r.errors;
  const warnings = (r.issues ?? []).filter((i) => i.severity === 'warning').map((i) => issueText(i, t));
  return r.errors.length > 0 ? (
    <>
      <Badge tone="revoked">{t('bulk.rowInvalid')}</Badge>
      <ul className="cell-errors">
        {errors.map((e) => (
          <li key={e}>{e}</li>
        ))}
      </ul>
    </>
  ) : (
    <>
      <Badge tone="active">{t('bulk.rowValid')}</Badge>
      {warnings.length > 0 && (
        <ul className="cell-errors" aria-label={t('bulk.rowWarning')}>
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </>
  );
}
