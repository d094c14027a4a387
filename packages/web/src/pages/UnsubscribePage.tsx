import { unsubscribe } from '../api/earners';
import { isApiError } from '../api/problem';
import { Button } from '../components/Button';
import { ErrorSummary } from '../components/ErrorSummary';
import { Notice } from '../components/Notice';
import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../i18n/useI18n';
import { useState } from 'react';
import { useSubmit } from '../lib/useSubmit';

/** The unsubscribe link of an award e-mail: nothing happens until the person confirms. */
export function UnsubscribePage({ params }: { params: Readonly<Record<string, string>> }) {
  const { t } = useI18n();
  const [done, setDone] = useState(false);
  const submit = useSubmit(async () => {
    await unsubscribe(params.token ?? '');
    setDone(true);
  });
  const notFound = isApiError(submit.error) && submit.error.status === 404;
  return (
    <>
      <PageHeader title={t('unsubscribe.title')} intro={done ? undefined : t('unsubscribe.intro')} />
      {done ? (
        <Notice>
          <p>{t('unsubscribe.done')}</p>
        </Notice>
      ) : (
        <>
          <ErrorSummary error={submit.error} message={notFound ? t('unsubscribe.notFound') : undefined} />
          <p>{t('unsubscribe.body')}</p>
          <div className="form-actions">
            <Button busy={submit.pending} onClick={() => void submit.run()}>
              {t('unsubscribe.confirm')}
            </Button>
          </div>
        </>
      )}
    </>
  );
}
