import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../i18n/useI18n';
import { Link } from '../router/Link';

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t('notFound.title')} intro={t('notFound.body')} />
      <p>
        <Link to="/">{t('notFound.home')}</Link>
      </p>
    </>
  );
}
