import type { ReactNode } from 'react';
import { useI18n } from '../i18n/useI18n';
import { Button } from './Button';
import { ErrorSummary } from './ErrorSummary';

/** A load error with a retry button. */
export function LoadError({ error, retry }: { error: unknown; retry: () => void }) {
  const { t } = useI18n();
  return (
    <div>
      <ErrorSummary error={error} />
      <Button variant="secondary" onClick={retry}>
        {t('error.retry')}
      </Button>
    </div>
  );
}

/** Loading text, or the load error with a retry button, or the content. */
export function LoadState({ loading, error, retry, children }: { loading: boolean; error: unknown; retry: () => void; children: ReactNode }) {
  const { t } = useI18n();
  if (error) return <LoadError error={error} retry={retry} />;
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
