import { setCsrfToken } from '../api/client';
import { activateAccount } from '../api/earners';
import { isApiError } from '../api/problem';
import { getSession } from '../api/session';
import { FormActions } from '../components/FormActions';
import { ErrorSummary, useFieldError } from '../components/ErrorSummary';
import { TextField } from '../components/Field';
import { PageHeader } from '../components/PageHeader';
import { SubmitForm } from '../components/SubmitForm';
import { useI18n } from '../i18n/useI18n';
import { useFlash } from '../lib/flash';
import { formValues, optional } from '../lib/form';
import { useSubmit } from '../lib/useSubmit';
import { Link } from '../router/Link';
import { EARNER_HOME } from '../router/paths';
import { useSession } from '../session/useSession';

/** The registration link from an e-mail: the password is chosen here, by whoever holds the mailbox. */
export function ActivatePage({ params }: { params: Readonly<Record<string, string>> }) {
  const { t } = useI18n();
  const { signedIn } = useSession();
  const { show } = useFlash();
  const submit = useSubmit(async (form: HTMLFormElement) => {
    const v = formValues(form);
    const name = optional(v.name);
    const { csrfToken } = await activateAccount(params.token ?? '', { password: v.password ?? '', ...(name ? { name } : {}) });
    setCsrfToken(csrfToken);
    const session = await getSession();
    signedIn(session);
    show(t('activate.done'), session.organisationId ? '/' : EARNER_HOME);
  });
  const fieldError = useFieldError(submit.error);
  const invalid = isApiError(submit.error) && submit.error.status === 401;
  return (
    <>
      <PageHeader title={t('activate.title')} intro={t('activate.intro')} />
      <ErrorSummary error={submit.error} message={invalid ? t('activate.invalid') : undefined} labels={{ name: t('activate.name'), password: t('activate.password') }} />
      {invalid ? (
        <p>
          <Link to="/sign-in">{t('activate.again')}</Link>
        </p>
      ) : (
        <SubmitForm action={submit}>
          <TextField name="name" label={t('activate.name')} maxLength={200} autoComplete="name" error={fieldError('name')} />
          <TextField name="password" type="password" label={t('activate.password')} hint={t('setup.passwordHint')} required minLength={10} autoComplete="new-password" error={fieldError('password')} />
          <FormActions label={t('activate.submit')} busy={submit.pending} />
        </SubmitForm>
      )}
    </>
  );
}
