import { useState } from 'react';
import { confirmEmailChange } from '../api/account';
import { isApiError } from '../api/problem';
import { Button } from '../components/Button';
import { ErrorSummary } from '../components/ErrorSummary';
import { Notice } from '../components/Notice';
import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../i18n/useI18n';
import { useSubmit } from '../lib/useSubmit';
import { Link } from '../router/Link';
import { ACCOUNT_PATH } from '../router/paths';
import { useSession } from '../session/useSession';
import { SignInForm } from './SignInPage';

/** The link of a "confirm your new sign-in address" e-mail: signed in as the account that asked, one button confirms. */
export function ChangeEmailPage({ params }: { params: Readonly<Record<string, string>> }) {
  const { t } = useI18n();
  const { state, refresh } = useSession();
  const [done, setDone] = useState<string | null>(null);
  const submit = useSubmit(async () => {
    const { email } = await confirmEmailChange(params.token ?? '');
    setDone(email);
    await refresh();
  });
  const error = submit.error;
  const message = !isApiError(error)
    ? undefined
    : error.status === 403
      ? t('changeEmail.otherAccount')
      : error.code === 'conflict'
        ? t('changeEmail.taken')
        : error.code === 'invalid-state'
          ? t('changeEmail.invalid')
          : undefined;

  if (state.status !== 'signed-in') {
    return (
      <>
        <PageHeader title={t('changeEmail.title')} intro={t('changeEmail.signInFirst')} />
        <SignInForm />
      </>
    );
  }
  if (done) {
    return (
      <>
        <PageHeader title={t('changeEmail.title')} />
        <Notice>
          <p>{t('changeEmail.done', { email: done })}</p>
        </Notice>
        <p>
          <Link to={ACCOUNT_PATH}>{t('account.title')}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <PageHeader title={t('changeEmail.title')} intro={t('changeEmail.intro', { email: state.session.user.email })} />
      <ErrorSummary error={error} message={message} />
      <div className="form-actions">
        <Button busy={submit.pending} onClick={() => void submit.run()}>
          {t('changeEmail.submit')}
        </Button>
      </div>
    </>
  );
}
