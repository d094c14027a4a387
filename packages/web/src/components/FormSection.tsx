import { useId, type ReactNode } from 'react';
import type { Submitting } from '../lib/useSubmit';
import { ErrorSummary } from './ErrorSummary';
import { FormActions } from './FormActions';
import { SubmitForm } from './SubmitForm';

interface Props {
  title: string;
  /** The title's heading level: 3 for a form inside a titled part of the page. */
  level?: 2 | 3;
  /** A paragraph under the title. */
  intro?: string | undefined;
  /** What the last submit did (a `Notice`), above the error summary. */
  notice?: ReactNode;
  /** The action the form runs with itself on submit (`useSubmit`): its error is summarised above the form. */
  action: Submitting<[HTMLFormElement]>;
  /** Field names to labels, for the error summary's links. */
  labels?: Record<string, string> | undefined;
  submitLabel: string;
  /** The form's class (`form form-inline` for a short one on one line). */
  formClassName?: string;
  /** Changed after a success, it gives an empty form again. */
  resetKey?: number | undefined;
  /** The fields. */
  children: ReactNode;
}

/** A titled section holding one form: its error summary, its fields and its submit button. */
export function FormSection({ title, level = 2, intro, notice, action, labels, submitLabel, formClassName, resetKey, children }: Props) {
  const titleId = useId();
  const Heading = level === 3 ? 'h3' : 'h2';
  return (
    <section className="section" aria-labelledby={titleId}>
      <Heading id={titleId}>{title}</Heading>
      {intro && <p>{intro}</p>}
      {notice}
      <ErrorSummary error={action.error} labels={labels} />
      <SubmitForm key={resetKey} action={action} className={formClassName}>
        {children}
        <FormActions label={submitLabel} busy={action.pending} />
      </SubmitForm>
    </section>
  );
}
