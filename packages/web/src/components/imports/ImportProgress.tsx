import { useEffect, useState } from 'react';
import { getImport } from '../../api/imports';
import type { MigrationImport } from '../../api/types';
import { useI18n } from '../../i18n/useI18n';
import { LoadError } from '../LoadState';
import { EmptyRow, Table } from '../Table';

const POLL_MS = 750;

/** Poll an import until it is done; a transient failure keeps polling, slower. */
function usePolledImport(importId: string): { current: MigrationImport | null; error: unknown; retry: () => void } {
  const [current, setCurrent] = useState<MigrationImport | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    const poll = async () => {
      try {
        const next = await getImport(importId, abort.signal);
        failures = 0;
        setError(undefined);
        setCurrent(next);
        if (next.status === 'done') return;
      } catch (e) {
        if (abort.signal.aborted) return;
        if (++failures >= 5) return setError(e);
      }
      timer = setTimeout(() => void poll(), POLL_MS * (failures + 1));
    };
    void poll();
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [importId, attempt]);
  return { current, error, retry: () => setAttempt((n) => n + 1) };
}

/** An import's progress (a live region) and its report: imported, skipped as duplicates, failed with reasons. */
export function ImportProgress({ importId }: { importId: string }) {
  const { t } = useI18n();
  const { current, error, retry } = usePolledImport(importId);
  if (error) return <LoadError error={error} retry={retry} />;
  if (!current) return <p className="muted" role="status">{t('common.loading')}</p>;
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
      <Table caption={t('imports.resultsCaption')}>
        <thead>
          <tr>
            <th scope="col">{t('imports.item')}</th>
            <th scope="col">{t('imports.originalId')}</th>
            <th scope="col">{t('imports.outcome')}</th>
            <th scope="col">{t('imports.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {current.results.length === 0 && <EmptyRow colSpan={4}>{t('imports.noResults')}</EmptyRow>}
          {current.results.slice(0, 1000).map((r) => (
            <tr key={r.index}>
              <td>{r.index + 1}</td>
              <td className="input-mono">{r.originalId ?? '—'}</td>
              <td>{t(`imports.status.${r.status}`)}</td>
              <td>{r.reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </Table>
    </section>
  );
}
