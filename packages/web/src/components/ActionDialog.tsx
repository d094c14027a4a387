import type { ReactNode } from 'react';
import type { Submitting } from '../lib/useSubmit';
import { ErrorSummary } from './ErrorSummary';
import { FormActions } from './FormActions';
import { Modal } from './Modal';
import { SubmitForm } from './SubmitForm';

interface Props {
  open: boolean;
  title: string;
  /** What confirming will do. */
  body: ReactNode;
  confirmLabel: string;
  variant?: 'danger' | 'primary';
  /** The action (from `useSubmit`), run with the dialog's form; its pending state and error show here. */
  action: Submitting<[HTMLFormElement]>;
  /** Field names to labels, for the error summary. */
  labels?: Readonly<Record<string, string>>;
  onClose: () => void;
  /** Fields the action reads from the form, if any. */
  children?: ReactNode;
}

/** A confirmation in a modal: what will happen, any fields, confirm or cancel (either way the last error is cleared on close). */
export function ActionDialog({ open, title, body, confirmLabel, variant = 'danger', action, labels, onClose, children }: Props) {
  const close = () => {
    action.clearError();
    onClose();
  };
  return (
    <Modal open={open} title={title} onClose={close}>
      <p>{body}</p>
      <ErrorSummary error={action.error} {...(labels ? { labels } : {})} />
      <SubmitForm action={action}>
        {children}
        <FormActions label={confirmLabel} variant={variant} busy={action.pending} onCancel={close} />
      </SubmitForm>
    </Modal>
  );
}
