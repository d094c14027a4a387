import { useState } from 'react';
import { confirmTotp, disableTotp, startTotp, type MfaState } from '../../api/account';
import { isApiError } from '../../api/problem';
import { Button } from '../../components/Button';
import { CopyField } from '../../components/CopyField';
import { ErrorSummary, useFieldError } from '../../components/ErrorSummary';
import { TextField } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { Notice } from '../../components/Notice';
import { SubmitForm } from '../../components/SubmitForm';
import { useI18n } from '../../i18n/useI18n';
import { formValues } from '../../lib/form';
import { useSubmit } from '../../lib/useSubmit';

/** The authenticator app: set up (QR code and key, confirmed by a first code) or turn off. */
export function TotpSection({ state, onChanged, onRecoveryCodes }: { state: MfaState; onChanged: () => void; onRecoveryCodes: (codes: string[]) => void }) {
  const { t, formatDate } = useI18n();
  const [setup, setSetup] = useState<{ secret: string; qrCode: string } | null>(null);
  const [done, setDone] = useState<'enabled' | 'disabled' | null>(null);
  const start = useSubmit(async () => {
    setDone(null);
    setSetup(await startTotp());
  });
  const confirm = useSubmit(async (form: HTMLFormElement) => {
    const { recoveryCodes } = await confirmTotp(formValues(form).code ?? '');
    setSetup(null);
    setDone('enabled');
    if (recoveryCodes) onRecoveryCodes(recoveryCodes);
    onChanged();
  });
  const disable = useSubmit(async () => {
    await disableTotp();
    setDone('disabled');
    onChanged();
  });
  const fieldError = useFieldError(confirm.error);
  const wrongCode = isApiError(confirm.error) && confirm.error.code === 'validation' && confirm.error.fields.code ? t('twoStep.wrong') : undefined;
  return (
    <section className="section" aria-labelledby="account-totp">
      <h2 id="account-totp">{t('mfa.totp.title')}</h2>
      <p>{t('mfa.totp.intro')}</p>
      {done && (
        <Notice>
          <p>{t(done === 'enabled' ? 'mfa.totp.enabled' : 'mfa.totp.disabled')}</p>
        </Notice>
      )}
      <ErrorSummary error={start.error ?? disable.error} />
      {state.totp.enabled ? (
        <>
          <p>{t('mfa.totp.on', { date: formatDate(state.totp.enabledAt) })}</p>
          <Button variant="danger" busy={disable.pending} onClick={() => void disable.run()}>
            {t('mfa.totp.disable')}
          </Button>
        </>
      ) : setup ? (
        <>
          <p>{t('mfa.totp.scan')}</p>
          <img className="totp-qr" src={setup.qrCode} width={240} height={240} alt={t('mfa.totp.qrAlt')} />
          <CopyField name="totp-secret" label={t('mfa.totp.secret')} value={setup.secret} />
          <ErrorSummary error={confirm.error} message={wrongCode} labels={{ code: t('mfa.totp.code') }} />
          <SubmitForm action={confirm}>
            <TextField name="code" label={t('mfa.totp.code')} hint={t('mfa.totp.codeHint')} required inputMode="numeric" autoComplete="one-time-code" maxLength={8} error={fieldError('code')} />
            <FormActions label={t('mfa.totp.confirm')} busy={confirm.pending} />
          </SubmitForm>
        </>
      ) : (
        <>
          <p className="muted">{t('mfa.totp.off')}</p>
          <Button busy={start.pending} onClick={() => void start.run()}>
            {t('mfa.totp.start')}
          </Button>
        </>
      )}
    </section>
  );
}
