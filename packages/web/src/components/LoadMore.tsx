import { useI18n } from '../i18n/useI18n';
import { Button } from './Button';

export function LoadMore({ hasMore, loading, onClick }: { hasMore: boolean; loading: boolean; onClick: () => void }) {
  const { t } = useI18n();
  if (!hasMore) return null;
  return (
    <div className="load-more">
      <Button variant="secondary" busy={loading} onClick={onClick}>
        {t('common.loadMore')}
      </Button>
    </div>
  );
}
