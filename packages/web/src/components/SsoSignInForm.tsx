import { startSsoSignIn } from '../api/sso';
import { isApiError } from '../api/problem';
import { useI18n } from '../i18n/useI18n';
import { formValues } from '../lib/form';
import { useSubmit } from '../lib/useSubmit';
import { ErrorSummary } from './ErrorSummary';
import { TextField } from './Field';
import { FormActions } from './FormActions';
import { Notice } from './Notice';
import { SubmitForm } from './SubmitForm';

/** "Sign in with your organisation": a work address (its domain) or the organisation's short name; the browser goes on to the IdP. */
export function SsoSignInForm() {
  const { t } = useI18n();
  const failed = typeof window !== 'undefined' && new URLSearchParams(window.location.search).get('sso') === 'failed';
  const start = useSubmit(async (form: HTMLFormElement) => {
    const who = formValues(form).who ?? '';
    const { redirectUrl } = await startSsoSignIn(who.includes('@') ? { email: who } : { slug: who });
    window.location.assign(redirectUrl);
  });
  const notFound = isApiError(start.error) && start.error.status === 404;
  return (
    <section className="section" aria-labelledby="sso-sign-in">
      <h2 id="sso-sign-in">{t('sso.signIn.title')}</h2>
      <p className="muted">{t('sso.signIn.intro')}</p>
      {failed && (
        <Notice>
          <p>{t('sso.signIn.failed')}</p>
        </Notice>
      )}
      <ErrorSummary error={start.error} message={notFound ? t('sso.signIn.notFound') : undefined} />
      <SubmitForm action={start}>
        <TextField name="who" label={t('sso.signIn.who')} required autoComplete="email" />
        <FormActions label={t('sso.signIn.submit')} busy={start.pending} />
      </SubmitForm>
    </section>
  );
}
