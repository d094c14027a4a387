import type { BulkPreview } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { issueText } from '../lib/bulk';
import { EmptyRow, Table } from './Table';

/** Rows shown at most; the rest are counted (the server checks every one). */
const SHOWN = 200;

/** What the CSV would award, row by row; rows with problems are marked in words, not only colour. */
export function BulkPreviewTable({ preview, problemsOnly }: { preview: BulkPreview; problemsOnly: boolean }) {
  const { t, formatDate } = useI18n();
  const rows = problemsOnly ? preview.rows.filter((r) => r.errors.length > 0) : preview.rows;
  const shown = rows.slice(0, SHOWN);
  return (
    <>
      <Table caption={t('bulk.previewCaption')}>
        <thead>
          <tr>
            <th scope="col">{t('bulk.col.row')}</th>
            <th scope="col">{t('bulk.col.name')}</th>
            <th scope="col">{t('bulk.col.email')}</th>
            <th scope="col">{t('bulk.col.evidence')}</th>
            <th scope="col">{t('bulk.col.issuedOn')}</th>
            <th scope="col">{t('bulk.col.check')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.length === 0 && <EmptyRow colSpan={6}>{t('bulk.noRows')}</EmptyRow>}
          {shown.map((r) => {
            const bad = r.errors.length > 0;
            // Issues in the UI language from their codes (an older server sends only English text).
            const errors = r.issues ? r.issues.filter((i) => i.severity === 'error').map((i) => issueText(i, t)) : r.errors;
            const warnings = (r.issues ?? []).filter((i) => i.severity === 'warning').map((i) => issueText(i, t));
            return (
              <tr key={r.row} className={bad ? 'row-invalid' : undefined}>
                <th scope="row">{r.row}</th>
                <td>{r.name ?? t('common.none')}</td>
                <td className="cell-break">{r.email || t('common.none')}</td>
                <td className="cell-break">{r.evidenceUrl ?? t('common.none')}</td>
                <td>{r.issuedOn ? formatDate(r.issuedOn) : (r.issues ?? []).some((i) => i.code.startsWith('date-')) ? t('common.none') : t('bulk.today')}</td>
                <td>
                  {bad ? (
                    <>
                      <span className="badge badge-revoked">{t('bulk.rowInvalid')}</span>
                      <ul className="cell-errors">
                        {errors.map((e) => (
                          <li key={e}>{e}</li>
                        ))}
                      </ul>
                    </>
                  ) : (
                    <>
                      <span className="badge badge-active">{t('bulk.rowValid')}</span>
                      {warnings.length > 0 && (
                        <ul className="cell-errors" aria-label={t('bulk.rowWarning')}>
                          {warnings.map((w) => (
                            <li key={w}>{w}</li>
                          ))}
                        </ul>
                      )}
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </Table>
      {rows.length > SHOWN && <p className="muted">{t('bulk.shownOf', { shown: SHOWN, total: rows.length })}</p>}
      {preview.rowsListed === 'issues' && <p className="muted">{t('bulk.issuesOnly', { total: preview.total, omitted: preview.rowsOmitted ?? 0 })}</p>}
    </>
  );
}
