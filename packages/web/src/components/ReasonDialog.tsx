import { revokeCredential, suspendCredential } from '../api/badges';
import type { Achievement, Credential } from '../api/types';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/useI18n';
import { formValues, optional } from '../lib/form';
import { useSubmit } from '../lib/useSubmit';
import { ActionDialog } from './ActionDialog';
import { recipientLabel } from './CredentialTable';
import { useFieldError } from './ErrorSummary';
import { TextAreaField } from './Field';

export type ReasonAction = 'revoke' | 'suspend';

interface ActionSpec {
  /** Revoking needs a reason (it is published); suspending takes an optional one. */
  required: boolean;
  call: (credentialId: string, reason: string) => Promise<Credential>;
  variant: 'danger' | 'primary';
  keys: Record<'title' | 'body' | 'reason' | 'reasonHint' | 'confirm' | 'done', MessageKey>;
}

const ACTIONS: Record<ReasonAction, ActionSpec> = {
  revoke: {
    required: true,
    call: (id, reason) => revokeCredential(id, reason),
    variant: 'danger',
    keys: { title: 'credentials.revokeTitle', body: 'credentials.revokeBody', reason: 'credentials.revokeReason', reasonHint: 'credentials.revokeReasonHint', confirm: 'credentials.revokeConfirm', done: 'credentials.revoked' },
  },
  suspend: {
    required: false,
    call: (id, reason) => suspendCredential(id, optional(reason)),
    variant: 'primary',
    keys: { title: 'credentials.suspendTitle', body: 'credentials.suspendBody', reason: 'credentials.suspendReason', reasonHint: 'credentials.suspendReasonHint', confirm: 'credentials.suspendConfirm', done: 'credentials.suspended' },
  },
};

/** The confirmation a page shows once the action is done ("Credential of … revoked."). */
export const reasonActionDone = (action: ReasonAction): MessageKey => ACTIONS[action].keys.done;

interface Props {
  action: ReasonAction;
  credential: Credential | null;
  achievement: Achievement | undefined;
  onClose: () => void;
  onDone: (credential: Credential) => void;
}

/** Ask for a reason, then revoke (reason required) or suspend (reason optional; it can be reinstated later). */
export function ReasonDialog({ action, credential, achievement, onClose, onDone }: Props) {
  const { t } = useI18n();
  const spec = ACTIONS[action];
  const submit = useSubmit(async (form: HTMLFormElement) => {
    if (!credential) return;
    onDone(await spec.call(credential.id, formValues(form).reason ?? ''));
  });
  const fieldError = useFieldError(submit.error);
  const reason = t(spec.keys.reason);
  return (
    <ActionDialog
      open={credential !== null}
      title={t(spec.keys.title)}
      body={t(spec.keys.body, { achievement: achievement?.name ?? '', recipient: credential ? recipientLabel(credential) : '' })}
      confirmLabel={t(spec.keys.confirm)}
      variant={spec.variant}
      action={submit}
      labels={{ reason }}
      onClose={onClose}
    >
      <TextAreaField name="reason" label={reason} hint={t(spec.keys.reasonHint)} required={spec.required} maxLength={1000} rows={3} error={fieldError('reason')} />
    </ActionDialog>
  );
}
