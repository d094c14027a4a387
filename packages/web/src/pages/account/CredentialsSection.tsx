import { useState } from 'react';
import { changePassword, requestEmailChange } from '../../api/account';
import { useFieldError } from '../../components/ErrorSummary';
import { TextField } from '../../components/Field';
import { FormSection } from '../../components/FormSection';
import { Notice } from '../../components/Notice';
import { useI18n } from '../../i18n/useI18n';
import { formValues } from '../../lib/form';
import { useSubmitThenClear } from '../../lib/useSubmit';
import { useCurrentSession } from '../../session/useSession';

/** Change the password (the current one is required; other sessions end). */
export function PasswordSection() {
  const { t } = useI18n();
  const [changed, setChanged] = useState(false);
  const submit = useSubmitThenClear(async (form: HTMLFormElement) => {
    setChanged(false);
    const v = formValues(form);
    await changePassword(v.currentPassword ?? '', v.newPassword ?? '');
    setChanged(true);
  });
  const fieldError = useFieldError(submit.error);
  const labels = { currentPassword: t('password.current'), newPassword: t('password.new') };
  return (
    <FormSection
      title={t('password.title')}
      notice={
        changed && (
          <Notice>
            <p>{t('password.changed')}</p>
          </Notice>
        )
      }
      action={submit}
      labels={labels}
      submitLabel={t('password.submit')}
      resetKey={submit.formKey}
    >
      <TextField name="currentPassword" type="password" label={labels.currentPassword} autoComplete="current-password" error={fieldError('currentPassword')} />
      <TextField name="newPassword" type="password" label={labels.newPassword} hint={t('password.newHint')} required minLength={10} autoComplete="new-password" error={fieldError('newPassword')} />
    </FormSection>
  );
}

/** Change the sign-in address: a link to the new address confirms it. */
export function EmailSection() {
  const { t } = useI18n();
  const session = useCurrentSession();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const submit = useSubmitThenClear(async (form: HTMLFormElement) => {
    const email = formValues(form).email ?? '';
    await requestEmailChange(email);
    setSentTo(email);
  });
  const fieldError = useFieldError(submit.error);
  return (
    <FormSection
      title={t('email.title')}
      intro={t('email.current', { email: session.user.email })}
      notice={
        sentTo && (
          <Notice>
            <p>{t('email.sent', { email: sentTo })}</p>
          </Notice>
        )
      }
      action={submit}
      labels={{ email: t('email.new') }}
      submitLabel={t('email.submit')}
      resetKey={submit.formKey}
    >
      <TextField name="email" type="email" label={t('email.new')} required autoComplete="email" error={fieldError('email')} />
    </FormSection>
  );
}
