import type { ReactNode } from 'react';
import type { Confirming } from '../lib/useConfirm';
import { ActionDialog } from './ActionDialog';

interface Props<T> {
  confirming: Confirming<T>;
  title: string;
  /** What confirming will do to this row. */
  body: (target: T) => ReactNode;
  confirmLabel: string;
}

/** The confirmation of a row action from `useConfirm`: open while a row is asked about. */
export function ConfirmDialog<T>({ confirming, title, body, confirmLabel }: Props<T>) {
  return (
    <ActionDialog
      open={confirming.target !== null}
      title={title}
      body={confirming.target === null ? '' : body(confirming.target)}
      confirmLabel={confirmLabel}
      action={confirming.action}
      onClose={confirming.cancel}
    />
  );
}
