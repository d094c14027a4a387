import type { FormEvent } from 'react';
import { revokeCredential } from '../api/badges';
import type { Achievement, Credential } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { formValues } from '../lib/form';
import { useSubmit } from '../lib/useSubmit';
import { Button } from './Button';
import { recipientLabel } from './CredentialTable';
import { ErrorSummary, useFieldError } from './ErrorSummary';
import { TextAreaField } from './Field';
import { Modal } from './Modal';

interface Props {
  credential: Credential | null;
  achievement: Achievement | undefined;
  onClose: () => void;
  onRevoked: (credential: Credential) => void;
}

/** Ask for a reason, then revoke. */
export function RevokeDialog({ credential, achievement, onClose, onRevoked }: Props) {
  const { t } = useI18n();
  const submit = useSubmit(async (form: HTMLFormElement) => {
    if (!credential) return;
    onRevoked(await revokeCredential(credential.id, formValues(form).reason ?? ''));
  });
  const fieldError = useFieldError(submit.error);
  const recipient = credential ? recipientLabel(credential) : '';

  return (
    <Modal
      open={credential !== null}
      title={t('credentials.revokeTitle')}
      onClose={() => {
        submit.clearError();
        onClose();
      }}
    >
      <p>{t('credentials.revokeBody', { achievement: achievement?.name ?? '', recipient })}</p>
      <ErrorSummary error={submit.error} labels={{ reason: t('credentials.revokeReason') }} />
      <form
        className="form"
        onSubmit={(e: FormEvent<HTMLFormElement>) => {
          e.preventDefault();
          void submit.run(e.currentTarget);
        }}
      >
        <TextAreaField name="reason" label={t('credentials.revokeReason')} hint={t('credentials.revokeReasonHint')} required maxLength={1000} rows={3} error={fieldError('reason')} />
        <div className="form-actions">
          <Button type="submit" variant="danger" busy={submit.pending}>
            {t('credentials.revokeConfirm')}
          </Button>
          <Button variant="secondary" onClick={onClose}>
            {t('common.cancel')}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
