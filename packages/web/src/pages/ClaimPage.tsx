import { useState } from 'react';
import { setCsrfToken } from '../api/client';
import { claimCredential, claimWithNewAccount, getClaim, exchangeClaimToWallet, offerClaimToWallet } from '../api/earners';
import { isApiError } from '../api/problem';
import { getSession, signIn } from '../api/session';
import type { ClaimInfo, Session } from '../api/types';
import { Button } from '../components/Button';
import { RadioGroup } from '../components/Choice';
import { ErrorSummary, useFieldError } from '../components/ErrorSummary';
import { TextField } from '../components/Field';
import { LoadState } from '../components/LoadState';
import { Notice } from '../components/Notice';
import { PageHeader } from '../components/PageHeader';
import { WalletOfferPanel } from '../components/wallet/WalletOfferPanel';
import { LearnerWalletPanel } from '../components/wallet/LearnerWalletPanel';
import { SubmitForm } from '../components/SubmitForm';
import { useI18n } from '../i18n/useI18n';
import { useFlash } from '../lib/flash';
import { formValues, optional } from '../lib/form';
import { useLoad } from '../lib/useLoad';
import { useSubmit } from '../lib/useSubmit';
import { Link } from '../router/Link';
import { navigate } from '../router/navigation';
import { EARNER_HOME } from '../router/paths';
import { useSession } from '../session/useSession';
import { asksSecondFactor, type SecondFactorMethod } from '../api/account';
import { SecondFactorForm } from '../components/mfa/SecondFactorForm';

type Mode = 'create' | 'sign-in';

/**
 * A claim link from an award e-mail: see what it is, then create the account of the address it was sent to (the
 * link proves that mailbox) or sign in, and it joins the backpack.
 */
export function ClaimPage({ params }: { params: Readonly<Record<string, string>> }) {
  const { t } = useI18n();
  const token = params.token ?? '';
  const claim = useLoad(() => getClaim(token), [token]);
  const notFound = isApiError(claim.error) && claim.error.status === 404;
  return (
    <>
      <PageHeader title={t('claim.title')} />
      {notFound ? (
        <Notice tone="warning">
          <p>{t('claim.notFound')}</p>
        </Notice>
      ) : (
        <LoadState loading={claim.loading} error={claim.error} retry={claim.reload}>
          {claim.data && <ClaimForm token={token} claim={claim.data} />}
        </LoadState>
      )}
    </>
  );
}

function ClaimForm({ token, claim }: { token: string; claim: ClaimInfo }) {
  const { t } = useI18n();
  const { state, signedIn } = useSession();
  const { show } = useFlash();
  const [mode, setMode] = useState<Mode>('create');
  // Signed in on this page but not yet handed to the app (that happens once the claim succeeds).
  const [session, setSession] = useState<Session | null>(state.status === 'signed-in' ? state.session : null);
  const [secondFactor, setSecondFactor] = useState<SecondFactorMethod[] | null>(null);

  const finish = async (s: Session) => {
    const claimed = await claimCredential(token);
    signedIn(s);
    const done = t('claim.done', { achievement: claim.achievementName });
    show(claimed.address === 'sent' ? `${done} ${t('claim.verifySent', { email: claim.email })}` : done, EARNER_HOME);
  };
  const authenticated = (s: Session) => {
    setCsrfToken(s.csrfToken);
    setSession(s);
    return finish(s);
  };

  const submit = useSubmit(async (form: HTMLFormElement) => {
    const v = formValues(form);
    if (mode === 'sign-in') {
      const answer = await signIn(v.email ?? '', v.password ?? '');
      return asksSecondFactor(answer) ? setSecondFactor(answer.secondFactor.methods) : authenticated(answer);
    }
    const name = optional(v.name);
    const account = await claimWithNewAccount(token, { password: v.password ?? '', ...(name ? { name } : {}) });
    setCsrfToken(account.csrfToken);
    signedIn(await getSession());
    show(t('claim.done', { achievement: claim.achievementName }), EARNER_HOME);
  });
  const retry = useSubmit(async () => {
    if (session) await finish(session);
  });
  const error = retry.error ?? submit.error;
  const fieldError = useFieldError(submit.error);
  const exists = isApiError(submit.error) && submit.error.code === 'conflict';
  const badPassword = isApiError(submit.error) && submit.error.status === 401;
  const used = isApiError(error) && (error.code === 'invalid-state' || error.status === 409);
  const labels = { email: t('claim.email'), password: t('claim.password'), name: t('claim.name') };

  const intro = (
    <div className="claim-summary">
      <p className="lead">{t('claim.intro', { issuer: claim.issuerName })}</p>
      <p className="claim-achievement">{claim.achievementName}</p>
      <p className="muted">{t('claim.sentTo', { email: claim.email })}</p>
    </div>
  );

  // The claim link proves the mailbox: it may send the credential straight to a wallet too (and stays usable).
  const wallet = (
    <>
      <WalletOfferPanel name={claim.achievementName} make={async (txCode) => [await offerClaimToWallet(token, txCode)]} />
      <LearnerWalletPanel name={claim.achievementName} make={() => exchangeClaimToWallet(token)} />
    </>
  );

  if (!claim.usable) {
    return (
      <>
        {intro}
        <Notice tone="warning">
          <p>{t(claim.reason === 'expired' ? 'claim.expired' : 'claim.used')}</p>
        </Notice>
        <p>{state.status === 'signed-in' ? <Link to={EARNER_HOME}>{t('claim.toBackpack')}</Link> : <Link to="/sign-in">{t('claim.signInToBackpack')}</Link>}</p>
      </>
    );
  }

  if (secondFactor && !session) {
    return (
      <>
        {intro}
        <SecondFactorForm methods={secondFactor} onSignedIn={(s) => void authenticated(s)} onExpired={() => setSecondFactor(null)} />
      </>
    );
  }

  if (session) {
    // Signed in (before, or on this page): one button claims.
    return (
      <>
        {intro}
        <ErrorSummary error={error} message={used ? t('claim.used') : undefined} />
        <p>{t('claim.signedInAs', { email: session.user.email })}</p>
        <div className="form-actions">
          <Button busy={retry.pending || submit.pending} onClick={() => void retry.run()}>
            {t('claim.submit')}
          </Button>
          {state.status !== 'signed-in' && (
            <Button
              variant="secondary"
              onClick={() => {
                signedIn(session);
                navigate(EARNER_HOME);
              }}
            >
              {t('claim.toBackpack')}
            </Button>
          )}
        </div>
        {wallet}
      </>
    );
  }

  return (
    <>
      {intro}
      <ErrorSummary error={submit.error} labels={labels} message={exists ? t('claim.accountExists') : badPassword ? t('error.signIn') : undefined} />
      <RadioGroup
        name="mode"
        legend={t('claim.how')}
        value={mode}
        onChange={(value) => {
          submit.clearError();
          setMode(value as Mode);
        }}
        options={[
          { value: 'create', label: t('claim.create'), hint: t('claim.createHint') },
          { value: 'sign-in', label: t('claim.signIn'), hint: t('claim.signInHint') },
        ]}
      />
      <SubmitForm key={mode} action={submit}>
        {mode === 'create' && <TextField name="name" label={labels.name} autoComplete="name" maxLength={200} error={fieldError('name')} />}
        {mode === 'create' ? (
          <TextField name="email" type="email" label={labels.email} hint={t('claim.emailHint')} readOnly optional={false} autoComplete="username" defaultValue={claim.email} />
        ) : (
          <TextField name="email" type="email" label={labels.email} required autoComplete="username" defaultValue={claim.email} error={fieldError('email')} />
        )}
        <TextField
          name="password"
          type="password"
          label={labels.password}
          hint={mode === 'create' ? t('setup.passwordHint') : undefined}
          required
          minLength={mode === 'create' ? 10 : undefined}
          autoComplete={mode === 'create' ? 'new-password' : 'current-password'}
          error={fieldError('password')}
        />
        <div className="form-actions">
          <Button type="submit" busy={submit.pending}>
            {mode === 'create' ? t('claim.createSubmit') : t('claim.signInSubmit')}
          </Button>
          {exists && (
            <Button variant="secondary" onClick={() => setMode('sign-in')}>
              {t('claim.signIn')}
            </Button>
          )}
        </div>
      </SubmitForm>
      {wallet}
    </>
  );
}
