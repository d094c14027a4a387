import { useId, type ReactNode } from 'react';
import type { Submitting } from '../lib/useSubmit';
import { ErrorSummary } from './ErrorSummary';
import { FormActions } from './FormActions';
import { SubmitForm } from './SubmitForm';

interface Props {
  title: string;
  /** A paragraph under the title. */
  intro?: string | undefined;
  /** The action the form runs with itself on submit (`useSubmit`): its error is summarised above the form. */
  action: Submitting<[HTMLFormElement]>;
  /** Field names to labels, for the error summary's links. */
  labels?: Record<string, string> | undefined;
  submitLabel: string;
  /** Changed after a success, it gives an empty form again. */
  resetKey?: number | undefined;
  /** The fields. */
  children: ReactNode;
}

/** A titled section holding one form: its error summary, its fields and its submit button. */
export function FormSection({ title, intro, action, labels, submitLabel, resetKey, children }: Props) {
  const titleId = useId();
  return (
    <section className="section" aria-labelledby={titleId}>
      <h2 id={titleId}>{title}</h2>
      {intro && <p>{intro}</p>}
      <ErrorSummary error={action.error} labels={labels} />
      <SubmitForm key={resetKey} action={action}>
        {children}
        <FormActions label={submitLabel} busy={action.pending} />
      </SubmitForm>
    </section>
  );
}
