import { useEffect, useRef, useState } from 'react';
import { getMfa, stepUp, stepUpPasskeyOptions, stepUpWithPasskey, type MfaState } from '../../api/account';
import { setStepUpHandler } from '../../api/client';
import { isApiError } from '../../api/problem';
import { useI18n } from '../../i18n/useI18n';
import { formValues } from '../../lib/form';
import { isPasskeyError, provePasskey } from '../../lib/passkeys';
import { useSubmit } from '../../lib/useSubmit';
import { Button } from '../Button';
import { ErrorSummary, useFieldError } from '../ErrorSummary';
import { TextField } from '../Field';
import { Modal } from '../Modal';
import { SubmitForm } from '../SubmitForm';

let openStepUp: (() => Promise<boolean>) | null = null;

/** Ask for a factor now (e.g. to meet the organisation's MFA policy in a session that has not proven one). */
export const stepUpNow = (): Promise<boolean> => openStepUp?.() ?? Promise.resolve(false);

/**
 * Step-up: when a sensitive action answers `step-up-required`, this dialog asks for a factor (the second
 * factor when the person has one, else the password); once proven, the action is sent again by the client.
 */
export function StepUpDialog() {
  const { t } = useI18n();
  const [factors, setFactors] = useState<MfaState | null>(null);
  const [open, setOpen] = useState(false);
  const settle = useRef<((proven: boolean) => void) | null>(null);

  useEffect(() => {
    const open = async () => {
      setFactors(await getMfa().catch(() => null));
      setOpen(true);
      return new Promise<boolean>((resolve) => {
        settle.current = resolve;
      });
    };
    openStepUp = open;
    setStepUpHandler(open);
    return () => {
      openStepUp = null;
      setStepUpHandler(null);
    };
  }, []);

  const close = (proven: boolean) => {
    settle.current?.(proven);
    settle.current = null;
    setOpen(false);
  };
  return (
    <Modal open={open} title={t('stepUp.title')} onClose={() => close(false)}>
      {factors && <StepUpForm factors={factors} onProven={() => close(true)} />}
    </Modal>
  );
}

function StepUpForm({ factors, onProven }: { factors: MfaState; onProven: () => void }) {
  const { t } = useI18n();
  const enrolled = factors.totp.enabled || factors.passkeys.length > 0;
  const [method, setMethod] = useState<'totp' | 'recovery'>(factors.totp.enabled ? 'totp' : 'recovery');
  const submit = useSubmit(async (form: HTMLFormElement) => {
    const v = formValues(form);
    await stepUp(enrolled ? { method, code: v.code ?? '' } : { method: 'password', password: v.password ?? '' });
    onProven();
  });
  const passkey = useSubmit(async () => {
    await stepUpWithPasskey(await provePasskey(await stepUpPasskeyOptions()));
    onProven();
  });
  const error = submit.error ?? passkey.error;
  const fieldError = useFieldError(submit.error);
  const message = isApiError(error) && error.status === 401 ? t(enrolled ? 'twoStep.wrong' : 'error.signIn') : isPasskeyError(error) ? t('mfa.passkeys.failed') : undefined;
  const codeLabel = t(method === 'totp' ? 'twoStep.code' : 'twoStep.recoveryCode');
  const showCodes = !enrolled || factors.totp.enabled || factors.recoveryCodesLeft > 0;
  return (
    <>
      <p>{t('stepUp.intro')}</p>
      <ErrorSummary error={error} message={message} labels={{ code: codeLabel, password: t('stepUp.password') }} />
      {showCodes && (
        <SubmitForm key={method} action={submit}>
          {enrolled ? (
            <TextField name="code" label={codeLabel} required autoComplete="one-time-code" spellCheck={false} autoCapitalize="none" error={fieldError('code')} />
          ) : (
            <TextField name="password" type="password" label={t('stepUp.password')} required autoComplete="current-password" error={fieldError('password')} />
          )}
          <div className="form-actions">
            <Button type="submit" busy={submit.pending}>
              {t('stepUp.submit')}
            </Button>
            {enrolled && factors.totp.enabled && factors.recoveryCodesLeft > 0 && (
              <Button variant="link" onClick={() => setMethod(method === 'totp' ? 'recovery' : 'totp')}>
                {t(method === 'totp' ? 'twoStep.useRecovery' : 'twoStep.useApp')}
              </Button>
            )}
          </div>
        </SubmitForm>
      )}
      {factors.passkeys.length > 0 && (
        <div className="form-actions">
          <Button variant="secondary" busy={passkey.pending} onClick={() => void passkey.run()}>
            {t('twoStep.usePasskey')}
          </Button>
        </div>
      )}
    </>
  );
}
