import { getImport } from '../../api/imports';
import type { MigrationImport } from '../../api/types';
import { useI18n } from '../../i18n/useI18n';
import { Polled } from '../Polled';
import { DataTable } from '../Table';

const POLL_MS = 750;

/** An import's progress (a live region) and its report: imported, skipped as duplicates, failed with reasons. */
export function ImportProgress({ importId }: { importId: string }) {
  return (
    <Polled id={importId} load={(signal) => getImport(importId, signal)} finished={(m) => m.status === 'done'} intervalMs={POLL_MS}>
      {(current) => <ImportReport current={current} />}
    </Polled>
  );
}

function ImportReport({ current }: { current: MigrationImport }) {
  const { t } = useI18n();
  const done = current.imported + current.skipped + current.failed;
  return (
    <section className="section" aria-labelledby="import-report">
      <h2 id="import-report">{t('imports.report')}</h2>
      <p role="status">{t(current.status === 'done' ? 'imports.finished' : 'imports.running', { done, total: current.total })}</p>
      <progress max={current.total || 1} value={done} aria-label={t('imports.progress')} />
      <ul>
        <li>{t('imports.imported', { n: current.imported })}</li>
        <li>{t('imports.skipped', { n: current.skipped })}</li>
        <li>{t('imports.failed', { n: current.failed })}</li>
      </ul>
      <DataTable
        caption={t('imports.resultsCaption')}
        columns={[
          { header: t('imports.item'), cell: (r) => r.index + 1 },
          { header: t('imports.originalId'), className: 'input-mono', cell: (r) => r.originalId ?? '—' },
          { header: t('imports.outcome'), cell: (r) => t(`imports.status.${r.status}`) },
          { header: t('imports.reason'), cell: (r) => r.reason ?? '' },
        ]}
        rows={current.results.slice(0, 1000)}
        rowKey={(r) => r.index}
        empty={t('imports.noResults')}
      />
    </section>
  );
}
