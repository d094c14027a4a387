import { useCallback, useRef, useState } from 'react';

export interface Submitting<A extends unknown[]> {
  run: (...args: A) => Promise<void>;
  pending: boolean;
  error: unknown;
  clearError: () => void;
}

/** Wrap an action: tracks pending state, keeps the error for display, ignores re-entry while pending. */
export function useSubmit<A extends unknown[]>(action: (...args: A) => Promise<void>): Submitting<A> {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const busy = useRef(false);

  const run = useCallback(
    async (...args: A) => {
      if (busy.current) return;
      busy.current = true;
      setPending(true);
      setError(undefined);
      try {
        await action(...args);
      } catch (e) {
        setError(e);
      } finally {
        busy.current = false;
        setPending(false);
      }
    },
    [action],
  );

  return { run, pending, error, clearError: useCallback(() => setError(undefined), []) };
}

/**
 * A form's submit that gives an empty form again once the action succeeds: render the form with
 * `key={formKey}` (or `FormSection`'s `resetKey`). A failure keeps what was typed, for correcting.
 */
export function useSubmitThenClear(action: (form: HTMLFormElement) => Promise<void>): Submitting<[HTMLFormElement]> & { formKey: number } {
  const [formKey, setFormKey] = useState(0);
  const submitting = useSubmit(async (form: HTMLFormElement) => {
    await action(form);
    setFormKey((k) => k + 1);
  });
  return { ...submitting, formKey };
}
