import { useState } from 'react';
import { getMfa, newRecoveryCodes } from '../api/account';
import { Button } from '../components/Button';
import { ErrorSummary } from '../components/ErrorSummary';
import { LoadState } from '../components/LoadState';
import { Notice } from '../components/Notice';
import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../i18n/useI18n';
import { stepUpNow } from '../components/mfa/StepUpDialog';
import { useLoad } from '../lib/useLoad';
import { useSubmit } from '../lib/useSubmit';
import { useCurrentSession, useSession } from '../session/useSession';
import { EmailSection, PasswordSection } from './account/CredentialsSection';
import { PasskeysSection } from './account/PasskeysSection';
import { RecoveryCodes } from './account/RecoveryCodes';
import { SessionsSection } from './account/SessionsSection';
import { LinkedProvidersSection } from './account/LinkedProvidersSection';
import { TotpSection } from './account/TotpSection';
import { PrivacySection } from './privacy/PrivacySection';

/** Account security, for everyone signed in: second factors, recovery codes, sessions, password, sign-in address. */
export function AccountPage() {
  const { t } = useI18n();
  const session = useCurrentSession();
  const { refresh } = useSession();
  const mfa = useLoad(getMfa, []);
  const [codes, setCodes] = useState<string[] | null>(null);
  // Adding a first factor signs the other sessions out: the list is read again.
  const [version, setVersion] = useState(0);
  const changed = () => {
    mfa.reload();
    setVersion((v) => v + 1);
    void refresh();
  };
  const verify = useSubmit(async () => {
    if (await stepUpNow()) await refresh();
  });
  const regenerate = useSubmit(async () => {
    setCodes((await newRecoveryCodes()).recoveryCodes);
    mfa.reload();
  });
  return (
    <>
      <PageHeader title={t('account.title')} intro={t('account.intro')} />
      {session.mfa.required && (
        <Notice tone="warning">
          <p>{t(session.mfa.enrolled ? 'account.mfaVerify' : 'account.mfaRequired')}</p>
          {session.mfa.enrolled && (
            <Button busy={verify.pending} onClick={() => void verify.run()}>
              {t('account.verifyNow')}
            </Button>
          )}
        </Notice>
      )}
      <ErrorSummary error={verify.error ?? regenerate.error} />
      {codes && <RecoveryCodes codes={codes} onDone={() => setCodes(null)} />}
      <LoadState loading={mfa.loading} error={mfa.error} retry={mfa.reload}>
        {mfa.data && (
          <>
            <TotpSection state={mfa.data} onChanged={changed} onRecoveryCodes={setCodes} />
            <PasskeysSection state={mfa.data} onChanged={changed} onRecoveryCodes={setCodes} />
            <section className="section" aria-labelledby="account-recovery">
              <h2 id="account-recovery">{t('mfa.recovery.title')}</h2>
              <p>{t('mfa.recovery.intro')}</p>
              {mfa.data.totp.enabled || mfa.data.passkeys.length > 0 ? (
                <>
                  <p>{t('mfa.recovery.left', { n: mfa.data.recoveryCodesLeft })}</p>
                  <Button variant="secondary" busy={regenerate.pending} onClick={() => void regenerate.run()}>
                    {t('mfa.recovery.new')}
                  </Button>
                </>
              ) : (
                <p className="muted">{t('mfa.recovery.none')}</p>
              )}
            </section>
          </>
        )}
      </LoadState>
      <SessionsSection key={version} />
      <LinkedProvidersSection />
      <PasswordSection />
      <EmailSection />
      <PrivacySection />
    </>
  );
}
