import { useState } from 'react';
import { changePassword, requestEmailChange } from '../../api/account';
import { ErrorSummary, useFieldError } from '../../components/ErrorSummary';
import { TextField } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { Notice } from '../../components/Notice';
import { SubmitForm } from '../../components/SubmitForm';
import { useI18n } from '../../i18n/useI18n';
import { formValues } from '../../lib/form';
import { useSubmit } from '../../lib/useSubmit';
import { useCurrentSession } from '../../session/useSession';

/** Change the password (the current one is required; other sessions end). */
export function PasswordSection() {
  const { t } = useI18n();
  const [changed, setChanged] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const submit = useSubmit(async (form: HTMLFormElement) => {
    setChanged(false);
    const v = formValues(form);
    await changePassword(v.currentPassword ?? '', v.newPassword ?? '');
    setChanged(true);
    setFormKey((k) => k + 1);
  });
  const fieldError = useFieldError(submit.error);
  const labels = { currentPassword: t('password.current'), newPassword: t('password.new') };
  return (
    <section className="section" aria-labelledby="account-password">
      <h2 id="account-password">{t('password.title')}</h2>
      {changed && (
        <Notice>
          <p>{t('password.changed')}</p>
        </Notice>
      )}
      <ErrorSummary error={submit.error} labels={labels} />
      <SubmitForm key={formKey} action={submit}>
        <TextField name="currentPassword" type="password" label={labels.currentPassword} autoComplete="current-password" error={fieldError('currentPassword')} />
        <TextField name="newPassword" type="password" label={labels.newPassword} hint={t('password.newHint')} required minLength={10} autoComplete="new-password" error={fieldError('newPassword')} />
        <FormActions label={t('password.submit')} busy={submit.pending} />
      </SubmitForm>
    </section>
  );
}

/** Change the sign-in address: a link to the new address confirms it. */
export function EmailSection() {
  const { t } = useI18n();
  const session = useCurrentSession();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [formKey, setFormKey] = useState(0);
  const submit = useSubmit(async (form: HTMLFormElement) => {
    const email = formValues(form).email ?? '';
    await requestEmailChange(email);
    setSentTo(email);
    setFormKey((k) => k + 1);
  });
  const fieldError = useFieldError(submit.error);
  return (
    <section className="section" aria-labelledby="account-email">
      <h2 id="account-email">{t('email.title')}</h2>
      <p>{t('email.current', { email: session.user.email })}</p>
      {sentTo && (
        <Notice>
          <p>{t('email.sent', { email: sentTo })}</p>
        </Notice>
      )}
      <ErrorSummary error={submit.error} labels={{ email: t('email.new') }} />
      <SubmitForm key={formKey} action={submit}>
        <TextField name="email" type="email" label={t('email.new')} required autoComplete="email" error={fieldError('email')} />
        <FormActions label={t('email.submit')} busy={submit.pending} />
      </SubmitForm>
    </section>
  );
}
