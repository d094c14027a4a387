import { useEffect, type ReactNode } from 'react';
import { useI18n } from '../i18n/useI18n';

/** The page's one h1 (focused after in-app navigation by <Shell>), its intro and actions; sets the document title. */
export function PageHeader({ title, intro, actions }: { title: string; intro?: string; actions?: ReactNode }) {
  const { t } = useI18n();
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title, t]);
  return (
    <div className="page-header">
      <div>
        <h1 tabIndex={-1}>{title}</h1>
        {intro && <p className="lead">{intro}</p>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </div>
  );
}
