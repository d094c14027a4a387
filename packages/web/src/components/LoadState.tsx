import type { ReactNode } from 'react';
import { useI18n } from '../i18n/useI18n';
import { Button } from './Button';
import { ErrorSummary } from './ErrorSummary';

/** Loading text, or the load error with a retry button, or the content. */
export function LoadState({ loading, error, retry, children }: { loading: boolean; error: unknown; retry: () => void; children: ReactNode }) {
  const { t } = useI18n();
  if (error) {
    return (
      <div>
        <ErrorSummary error={error} />
        <Button variant="secondary" onClick={retry}>
          {t('error.retry')}
        </Button>
      </div>
    );
  }
  return (
    <>
      {loading && (
        <p className="muted" role="status">
          {t('common.loading')}
        </p>
      )}
      {children}
    </>
  );
}
