import { useState } from 'react';
import { confirmEmailChange } from '../api/account';
import { isApiError } from '../api/problem';
import { useI18n } from '../i18n/useI18n';
import { useSubmit } from '../lib/useSubmit';
import { ACCOUNT_PATH } from '../router/paths';
import { useSession } from '../session/useSession';
import { ConfirmLink } from './account/ConfirmLink';

/** The link of a "confirm your new sign-in address" e-mail: signed in as the account that asked, one button confirms. */
export function ChangeEmailPage({ params }: { params: Readonly<Record<string, string>> }) {
  const { t } = useI18n();
  const { refresh } = useSession();
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

  return (
    <ConfirmLink
      title={t('changeEmail.title')}
      signInFirst={t('changeEmail.signInFirst')}
      intro={(email) => t('changeEmail.intro', { email })}
      submitLabel={t('changeEmail.submit')}
      action={submit}
      message={message}
      done={done === null ? null : { text: t('changeEmail.done', { email: done }), to: ACCOUNT_PATH, linkLabel: t('account.title') }}
    />
  );
}
