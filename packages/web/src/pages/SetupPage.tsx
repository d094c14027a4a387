import { runSetup } from '../api/session';
import { ErrorSummary, useFieldError } from '../components/ErrorSummary';
import { TextField } from '../components/Field';
import { FormActions } from '../components/FormActions';
import { PageHeader } from '../components/PageHeader';
import { SubmitForm } from '../components/SubmitForm';
import { useI18n } from '../i18n/useI18n';
import { formValues, optional } from '../lib/form';
import { useSubmit } from '../lib/useSubmit';
import { navigate } from '../router/navigation';
import { useSession } from '../session/useSession';

/** First run: create the organisation and its owner, then land in the console signed in. */
export function SetupPage() {
  const { t } = useI18n();
  const { completeSetup } = useSession();
  const submit = useSubmit(async (form: HTMLFormElement) => {
    const v = formValues(form);
    const result = await runSetup({ organisationName: v.organisationName!, email: v.email!, password: v.password!, ...(optional(v.name) ? { name: v.name! } : {}) });
    completeSetup(result);
    navigate('/', { replace: true });
  });
  const fieldError = useFieldError(submit.error);
  const labels = { organisationName: t('setup.organisationName'), name: t('setup.name'), email: t('setup.email'), password: t('setup.password') };

  return (
    <>
      <PageHeader title={t('setup.title')} intro={t('setup.intro')} />
      <ErrorSummary error={submit.error} labels={labels} />
      <SubmitForm action={submit}>
        <TextField name="organisationName" label={labels.organisationName} required maxLength={200} autoComplete="organization" error={fieldError('organisationName')} />
        <TextField name="name" label={labels.name} maxLength={200} autoComplete="name" error={fieldError('name')} />
        <TextField name="email" type="email" label={labels.email} hint={t('setup.emailHint')} required maxLength={320} autoComplete="email" error={fieldError('email')} />
        <TextField
          name="password"
          type="password"
          label={labels.password}
          hint={t('setup.passwordHint')}
          required
          minLength={10}
          autoComplete="new-password"
          error={fieldError('password')}
        />
        <FormActions label={t('setup.submit')} busy={submit.pending} />
      </SubmitForm>
    </>
  );
}
