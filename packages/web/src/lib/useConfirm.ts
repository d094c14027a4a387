import { useState } from 'react';
import { useSubmit, type Submitting } from './useSubmit';

export interface Confirming<T> {
  /** The row waiting for confirmation; null while no dialog is open. */
  target: T | null;
  ask: (target: T) => void;
  cancel: () => void;
  /** Runs the confirmed act on the target, then closes the dialog (kept open with the error if it fails). */
  action: Submitting<[]>;
}

/** A row action that asks first (revoke, remove, withdraw): which row is asked about, and the act once confirmed. */
export function useConfirm<T>(act: (target: T) => Promise<void>): Confirming<T> {
  const [target, setTarget] = useState<T | null>(null);
  const action = useSubmit(async () => {
    if (target === null) return;
    await act(target);
    setTarget(null);
  });
  return { target, ask: setTarget, cancel: () => setTarget(null), action };
}
