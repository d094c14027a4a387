import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';
import { useI18n } from '../i18n/useI18n';
import { describedBy, FieldNotes } from './FieldNotes';
import { fieldId } from './field-id';

interface ShellProps {
  name: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  optional?: boolean;
  children: (control: { id: string; name: string; 'aria-describedby'?: string; 'aria-invalid'?: true }) => ReactNode;
}

/** Label, hint and error around one control, wired with aria-describedby and aria-invalid. */
export function FieldShell({ name, label, hint, error, optional = false, children }: ShellProps) {
  const { t } = useI18n();
  const id = fieldId(name);
  const described = describedBy(id, hint, error);
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id} className="field-label">
        {label}
        {optional && <span className="field-optional"> ({t('common.optional')})</span>}
      </label>
      <FieldNotes id={id} hint={hint} error={error} />
      {children({ id, name, ...(described ? { 'aria-describedby': described } : {}), ...(error ? { 'aria-invalid': true as const } : {}) })}
    </div>
  );
}

type Common = Omit<ShellProps, 'children'>;

export function TextField({ name, label, hint, error, optional, ...input }: Common & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <FieldShell name={name} label={label} hint={hint} error={error} optional={optional ?? !input.required}>
      {(control) => <input className="input" {...input} {...control} />}
    </FieldShell>
  );
}

export function TextAreaField({ name, label, hint, error, optional, ...textarea }: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <FieldShell name={name} label={label} hint={hint} error={error} optional={optional ?? !textarea.required}>
      {(control) => <textarea className="input" rows={4} {...textarea} {...control} />}
    </FieldShell>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField({
  name,
  label,
  hint,
  error,
  optional,
  options,
  placeholder,
  ...select
}: Common & SelectHTMLAttributes<HTMLSelectElement> & { options: readonly Option[]; placeholder?: string }) {
  return (
    <FieldShell name={name} label={label} hint={hint} error={error} optional={optional ?? false}>
      {(control) => (
        <select className="input" {...select} {...control}>
          {placeholder !== undefined && <option value="">{placeholder}</option>}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}
