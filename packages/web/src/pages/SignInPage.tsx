import { useState } from 'react';
import { requestAccount } from '../api/earners';
import { requestSignInLink } from '../api/me';
import { isApiError } from '../api/problem';
import { signIn } from '../api/session';
import { asksSecondFactor, passwordlessOptions, signInWithPasskey, type SecondFactorMethod } from '../api/account';
import { SecondFactorForm } from '../components/mfa/SecondFactorForm';
import { isPasskeyError, provePasskey } from '../lib/passkeys';
import { Button } from '../components/Button';
import { ErrorSummary, useFieldError } from '../components/ErrorSummary';
import { TextField } from '../components/Field';
import { Notice } from '../components/Notice';
import { PageHeader } from '../components/PageHeader';
import { SubmitForm } from '../components/SubmitForm';
import { useI18n } from '../i18n/useI18n';
import { formValues } from '../lib/form';
import { useSubmit } from '../lib/useSubmit';
import { useSession } from '../session/useSession';
import { SsoSignInForm } from '../components/SsoSignInForm';
import { ProviderSignInButtons } from '../components/ProviderSignInButtons';

export function SignInPage({ justSignedOut }: { justSignedOut: boolean }) {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t('signIn.title')} intro={t('signIn.intro')} />
      <SignInForm justSignedOut={justSignedOut} />
      <ProviderSignInButtons />
      <SsoSignInForm />
    </>
  );
}

type Mode = 'password' | 'link' | 'register';

/**
 * Password sign-in, "e-mail me a sign-in link", or "create an account" (a link to finish is mailed). The
 * confirmations are neutral: they never say whether the address has an account.
 */
export function SignInForm({ justSignedOut = false }: { justSignedOut?: boolean }) {
  const { t, locale } = useI18n();
  const { signedIn } = useSession();
  const [mode, setMode] = useState<Mode>('password');
  const [linkSentTo, setLinkSentTo] = useState<string | null>(null);
  const [secondFactor, setSecondFactor] = useState<SecondFactorMethod[] | null>(null);
  const submit = useSubmit(async (form: HTMLFormElement) => {
    const v = formValues(form);
    if (mode === 'link' || mode === 'register') {
      await (mode === 'link' ? requestSignInLink(v.email ?? '') : requestAccount(v.email ?? '', locale));
      setLinkSentTo(v.email ?? '');
      return;
    }
    const answer = await signIn(v.email!, v.password ?? '');
    if (asksSecondFactor(answer)) setSecondFactor(answer.secondFactor.methods);
    else signedIn(answer);
  });
  const passkey = useSubmit(async () => {
    signedIn(await signInWithPasskey(await provePasskey(await passwordlessOptions())));
  });
  const fieldError = useFieldError(submit.error);
  const badCredentials = mode === 'password' && isApiError(submit.error) && submit.error.status === 401;
  const switchTo = (next: Mode) => {
    submit.clearError();
    setLinkSentTo(null);
    setMode(next);
  };

  if (secondFactor) {
    return <SecondFactorForm methods={secondFactor} onSignedIn={signedIn} onExpired={() => setSecondFactor(null)} />;
  }

  if (linkSentTo !== null) {
    return (
      <>
        <Notice title={t('signIn.linkSentTitle')}>
          <p>{t(mode === 'register' ? 'signIn.registerSent' : 'signIn.linkSent', { email: linkSentTo })}</p>
        </Notice>
        <div className="form-actions">
          <Button variant="secondary" onClick={() => switchTo('password')}>
            {t('signIn.withPassword')}
          </Button>
        </div>
      </>
    );
  }

  return (
    <>
      {justSignedOut && !submit.error && <Notice tone="info">{t('signIn.signedOut')}</Notice>}
      <ErrorSummary error={submit.error} message={badCredentials ? t('error.signIn') : undefined} labels={{ email: t('signIn.email'), password: t('signIn.password') }} />
      <ErrorSummary error={passkey.error} message={isPasskeyError(passkey.error) || isApiError(passkey.error) ? t('mfa.passkeys.failed') : undefined} />
      {mode !== 'password' && <p>{t(mode === 'link' ? 'signIn.linkIntro' : 'signIn.registerIntro')}</p>}
      <SubmitForm key={mode} action={submit}>
        <TextField name="email" type="email" label={t('signIn.email')} required autoComplete="username" error={fieldError('email')} />
        {mode === 'password' && <TextField name="password" type="password" label={t('signIn.password')} required autoComplete="current-password" error={fieldError('password')} />}
        <div className="form-actions">
          <Button type="submit" busy={submit.pending}>
            {mode === 'password' ? t('signIn.submit') : t('signIn.sendLink')}
          </Button>
          <Button variant="link" onClick={() => switchTo(mode === 'password' ? 'link' : 'password')}>
            {mode === 'password' ? t('signIn.useLink') : t('signIn.withPassword')}
          </Button>
          {mode !== 'register' && (
            <Button variant="link" onClick={() => switchTo('register')}>
              {t('signIn.register')}
            </Button>
          )}
        </div>
      </SubmitForm>
      {mode === 'password' && (
        <div className="form-actions">
          <Button variant="secondary" busy={passkey.pending} onClick={() => void passkey.run()}>
            {t('signIn.withPasskey')}
          </Button>
        </div>
      )}
    </>
  );
}
