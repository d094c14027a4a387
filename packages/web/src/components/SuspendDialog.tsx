import type { FormEvent } from 'react';
import { suspendCredential } from '../api/badges';
import type { Achievement, Credential } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { formValues, optional } from '../lib/form';
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
  onSuspended: (credential: Credential) => void;
}

/** Suspend with an optional reason; it can be reinstated later. */
export function SuspendDialog({ credential, achievement, onClose, onSuspended }: Props) {
  const { t } = useI18n();
  const submit = useSubmit(async (form: HTMLFormElement) => {
    if (!credential) return;
    onSuspended(await suspendCredential(credential.id, optional(formValues(form).reason)));
  });
  const fieldError = useFieldError(submit.error);
  const recipient = credential ? recipientLabel(credential) : '';

  return (
    <Modal
      open={credential !== null}
      title={t('credentials.suspendTitle')}
      onClose={() => {
        submit.clearError();
        onClose();
      }}
    >
      <p>{t('credentials.suspendBody', { achievement: achievement?.name ?? '', recipient })}</p>
      <ErrorSummary error={submit.error} labels={{ reason: t('credentials.suspendReason') }} />
      <form
        className="form"
        onSubmit={(e: FormEvent<HTMLFormElement>) => {
          e.preventDefault();
          void submit.run(e.currentTarget);
        }}
      >
        <TextAreaField name="reason" label={t('credentials.suspendReason')} hint={t('credentials.suspendReasonHint')} maxLength={1000} rows={3} error={fieldError('reason')} />
        <div className="form-actions">
          <Button type="submit" busy={submit.pending}>
            {t('credentials.suspendConfirm')}
          </Button>
          <Button variant="secondary" onClick={onClose}>
            {t('common.cancel')}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
