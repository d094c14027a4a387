import { useState } from 'react';
import { confirmAddress, type Address } from '../api/me';
import { isApiError } from '../api/problem';
import { useI18n } from '../i18n/useI18n';
import { useSubmit } from '../lib/useSubmit';
import { SETTINGS_PATH } from '../router/paths';
import { ConfirmLink } from './account/ConfirmLink';

/** The link of an address-verification e-mail: sign in first if needed, then confirm with a button press. */
export function VerifyAddressPage({ params }: { params: Readonly<Record<string, string>> }) {
  const { t } = useI18n();
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

  return (
    <ConfirmLink
      title={t('verifyAddress.title')}
      signInFirst={t('verifyAddress.signInFirst')}
      intro={(email) => t('verifyAddress.intro', { email })}
      submitLabel={t('verifyAddress.submit')}
      action={submit}
      message={message}
      done={confirmed === null ? null : { text: t('verifyAddress.done', { email: confirmed.value }), to: SETTINGS_PATH, linkLabel: t('verifyAddress.toSettings') }}
    />
  );
}
