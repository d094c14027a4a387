import type { FormEvent } from 'react';
import { isApiError } from '../api/problem';
import { signIn } from '../api/session';
import { Button } from '../components/Button';
import { ErrorSummary, useFieldError } from '../components/ErrorSummary';
import { TextField } from '../components/Field';
import { Notice } from '../components/Notice';
import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../i18n/useI18n';
import { formValues } from '../lib/form';
import { useSubmit } from '../lib/useSubmit';
import { useSession } from '../session/useSession';

export function SignInPage({ justSignedOut }: { justSignedOut: boolean }) {
  const { t } = useI18n();
  const { signedIn } = useSession();
  const submit = useSubmit(async (form: HTMLFormElement) => {
    const v = formValues(form);
    signedIn(await signIn(v.email!, v.password ?? ''));
  });
  const fieldError = useFieldError(submit.error);
  const badCredentials = isApiError(submit.error) && submit.error.status === 401;

  return (
    <>
      <PageHeader title={t('signIn.title')} intro={t('signIn.intro')} />
      {justSignedOut && !submit.error && <Notice tone="info">{t('signIn.signedOut')}</Notice>}
      <ErrorSummary error={submit.error} message={badCredentials ? t('error.signIn') : undefined} labels={{ email: t('signIn.email'), password: t('signIn.password') }} />
      <form
        className="form"
        onSubmit={(e: FormEvent<HTMLFormElement>) => {
          e.preventDefault();
          void submit.run(e.currentTarget);
        }}
      >
        <TextField name="email" type="email" label={t('signIn.email')} required autoComplete="username" error={fieldError('email')} />
        <TextField name="password" type="password" label={t('signIn.password')} required autoComplete="current-password" error={fieldError('password')} />
        <div className="form-actions">
          <Button type="submit" busy={submit.pending}>
            {t('signIn.submit')}
          </Button>
        </div>
      </form>
    </>
  );
}
