import { useState } from 'react';
import { secondFactorPasskeyOptions, secondFactorWithCode, secondFactorWithPasskey, type SecondFactorMethod } from '../../api/account';
import { isApiError } from '../../api/problem';
import type { Session } from '../../api/types';
import { useI18n } from '../../i18n/useI18n';
import { formValues } from '../../lib/form';
import { isPasskeyError, provePasskey } from '../../lib/passkeys';
import { useSubmit } from '../../lib/useSubmit';
import { Button } from '../Button';
import { ErrorSummary, useFieldError } from '../ErrorSummary';
import { TextField } from '../Field';
import { SubmitForm } from '../SubmitForm';

/**
 * The second sign-in step: a code from the authenticator app, a recovery code, or a passkey (whichever the
 * account has). `onSignedIn` gets the session once the server has made one.
 */
export function SecondFactorForm({ methods, onSignedIn, onExpired }: { methods: SecondFactorMethod[]; onSignedIn: (session: Session) => void; onExpired: () => void }) {
  const { t } = useI18n();
  const [method, setMethod] = useState<'totp' | 'recovery'>(methods.includes('totp') ? 'totp' : 'recovery');
  const code = useSubmit(async (form: HTMLFormElement) => {
    onSignedIn(await secondFactorWithCode(method, formValues(form).code ?? ''));
  });
  const passkey = useSubmit(async () => {
    onSignedIn(await secondFactorWithPasskey(await provePasskey(await secondFactorPasskeyOptions())));
  });
  const error = code.error ?? passkey.error;
  const message = isApiError(error) && error.status === 401 ? t('twoStep.wrong') : isPasskeyError(error) ? t('mfa.passkeys.failed') : undefined;
  const fieldError = useFieldError(code.error);
  const hasCodes = methods.includes('totp') || methods.includes('recovery');
  return (
    <section aria-labelledby="two-step-title">
      <h2 id="two-step-title">{t('twoStep.title')}</h2>
      <p>{t('twoStep.intro')}</p>
      <ErrorSummary error={error} message={message} labels={{ code: t(method === 'totp' ? 'twoStep.code' : 'twoStep.recoveryCode') }} />
      {
        <>
          {hasCodes && (
            <SubmitForm key={method} action={code}>
              <TextField
                name="code"
                label={t(method === 'totp' ? 'twoStep.code' : 'twoStep.recoveryCode')}
                required
                autoComplete="one-time-code"
                inputMode={method === 'totp' ? 'numeric' : 'text'}
                spellCheck={false}
                autoCapitalize="none"
                error={fieldError('code')}
              />
              <div className="form-actions">
                <Button type="submit" busy={code.pending}>
                  {t('twoStep.submit')}
                </Button>
                {methods.includes('totp') && methods.includes('recovery') && (
                  <Button variant="link" onClick={() => setMethod(method === 'totp' ? 'recovery' : 'totp')}>
                    {t(method === 'totp' ? 'twoStep.useRecovery' : 'twoStep.useApp')}
                  </Button>
                )}
              </div>
            </SubmitForm>
          )}
          {methods.includes('passkey') && (
            <div className="form-actions">
              <Button variant={hasCodes ? 'secondary' : 'primary'} busy={passkey.pending} onClick={() => void passkey.run()}>
                {t('twoStep.usePasskey')}
              </Button>
            </div>
          )}
          <p className="muted">
            {t('twoStep.expired')}{' '}
            <Button variant="link" onClick={onExpired}>
              {t('signIn.title')}
            </Button>
          </p>
        </>
      }
    </section>
  );
}
