import { useState } from 'react';
import { confirmAddress, type Address } from '../api/me';
import { isApiError } from '../api/problem';
import { Button } from '../components/Button';
import { ErrorSummary } from '../components/ErrorSummary';
import { Notice } from '../components/Notice';
import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../i18n/useI18n';
import { useSubmit } from '../lib/useSubmit';
import { Link } from '../router/Link';
import { useSession } from '../session/useSession';
import { SETTINGS_PATH } from '../router/paths';
import { SignInForm } from './SignInPage';

/** The link of an address-verification e-mail: sign in first if needed, then confirm with a button press. */
export function VerifyAddressPage({ params }: { params: Readonly<Record<string, string>> }) {
  const { t } = useI18n();
  const { state } = useSession();
  const [confirmed, setConfirmed] = useState<Address | null>(null);
  const submit = useSubmit(async () => {
    setConfirmed(await confirmAddress(params.token ?? ''));
  });
  const error = submit.error;
  const message = !isApiError(error)
    ? undefined
    : error.status === 403
      ? t('verifyAddress.otherAccount')
      : error.status === 409 && error.code === 'conflict'
        ? t('verifyAddress.taken')
        : error.status === 409 || error.code === 'invalid-state'
          ? t('verifyAddress.invalid')
          : undefined;

  if (state.status !== 'signed-in') {
    return (
      <>
        <PageHeader title={t('verifyAddress.title')} intro={t('verifyAddress.signInFirst')} />
        <SignInForm />
      </>
    );
  }
  if (confirmed) {
    return (
      <>
        <PageHeader title={t('verifyAddress.title')} />
        <Notice>
          <p>{t('verifyAddress.done', { email: confirmed.value })}</p>
        </Notice>
        <p>
          <Link to={SETTINGS_PATH}>{t('verifyAddress.toSettings')}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <PageHeader title={t('verifyAddress.title')} intro={t('verifyAddress.intro', { email: state.session.user.email })} />
      <ErrorSummary error={error} message={message} />
      <div className="form-actions">
        <Button busy={submit.pending} onClick={() => void submit.run()}>
          {t('verifyAddress.submit')}
        </Button>
      </div>
    </>
  );
}
