import { useState } from 'react';
import { passkeyRegistrationOptions, registerPasskey, removePasskey, type MfaState, type Passkey } from '../../api/account';
import { Button } from '../../components/Button';
import { ErrorSummary } from '../../components/ErrorSummary';
import { TextField } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { Notice } from '../../components/Notice';
import { SubmitForm } from '../../components/SubmitForm';
import { useI18n } from '../../i18n/useI18n';
import { formValues } from '../../lib/form';
import { createPasskey, isPasskeyError } from '../../lib/passkeys';
import { useSubmit, useSubmitThenClear } from '../../lib/useSubmit';

/** Passkeys: add one (the browser creates it), see when each was used, remove one. */
export function PasskeysSection({ state, onChanged, onRecoveryCodes }: { state: MfaState; onChanged: () => void; onRecoveryCodes: (codes: string[]) => void }) {
  const { t, formatDate } = useI18n();
  const [notice, setNotice] = useState<string | null>(null);
  const add = useSubmitThenClear(async (form: HTMLFormElement) => {
    setNotice(null);
    const name = formValues(form).name?.trim() || undefined;
    const { passkey, recoveryCodes } = await registerPasskey(await createPasskey(await passkeyRegistrationOptions()), name);
    setNotice(t('mfa.passkeys.added', { name: passkey.name }));
    if (recoveryCodes) onRecoveryCodes(recoveryCodes);
    onChanged();
  });
  const remove = useSubmit(async (passkey: Passkey) => {
    setNotice(null);
    await removePasskey(passkey.id);
    setNotice(t('mfa.passkeys.removed', { name: passkey.name }));
    onChanged();
  });
  const error = add.error ?? remove.error;
  return (
    <section className="section" aria-labelledby="account-passkeys">
      <h2 id="account-passkeys">{t('mfa.passkeys.title')}</h2>
      <p>{t('mfa.passkeys.intro')}</p>
      {notice && (
        <Notice>
          <p>{notice}</p>
        </Notice>
      )}
      <ErrorSummary error={error} message={isPasskeyError(error) ? t('mfa.passkeys.failed') : undefined} labels={{ name: t('mfa.passkeys.name') }} />
      {state.passkeys.length === 0 ? (
        <p className="muted">{t('mfa.passkeys.none')}</p>
      ) : (
        <ul className="link-list">
          {state.passkeys.map((p) => (
            <li key={p.id}>
              <strong>{p.name}</strong>{' '}
              <span className="muted">
                {t('mfa.passkeys.created', { date: formatDate(p.createdAt) })}, {p.lastUsedAt ? t('mfa.passkeys.lastUsed', { date: formatDate(p.lastUsedAt) }) : t('mfa.passkeys.neverUsed')}
              </span>{' '}
              <Button variant="danger" className="btn-small" busy={remove.pending} onClick={() => void remove.run(p)}>
                {t('mfa.passkeys.remove')}
                <span className="visually-hidden"> {p.name}</span>
              </Button>
            </li>
          ))}
        </ul>
      )}
      <SubmitForm key={add.formKey} action={add}>
        <TextField name="name" label={t('mfa.passkeys.name')} hint={t('mfa.passkeys.nameHint')} maxLength={100} />
        <FormActions label={t('mfa.passkeys.add')} busy={add.pending} />
      </SubmitForm>
    </section>
  );
}
