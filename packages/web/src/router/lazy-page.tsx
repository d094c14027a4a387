import { lazy, Suspense, type ComponentType } from 'react';
import { useI18n } from '../i18n/useI18n';

/**
 * A page loaded on first visit (its own chunk, e.g. the analytics page with its charting library), with the
 * console's loading text while the chunk arrives.
 */
export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  const Page = lazy(async () => ({ default: await load() }));
  return function LazyPage(props: P) {
    return (
      <Suspense fallback={<Loading />}>
        <Page {...props} />
      </Suspense>
    );
  };
}

function Loading() {
  const { t } = useI18n();
  return (
    <p className="muted" role="status">
      {t('common.loading')}
    </p>
  );
}
