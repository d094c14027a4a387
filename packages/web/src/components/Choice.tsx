import type { InputHTMLAttributes, ReactNode } from 'react';
import { describedBy, FieldNotes } from './FieldNotes';
import { fieldId } from './field-id';

export interface RadioOption {
  value: string;
  label: string;
  hint?: string;
}

export interface CheckboxOption<V extends string = string> {
  value: V;
  label: ReactNode;
  /** What ticking it means, read out with the box. */
  hint?: string;
}

/** The fieldset around a group of choices: its legend, hint and error, tied to it with aria-describedby. */
function ChoicesFieldset({ id, legend, hint, error, inline = false, children }: { id: string; legend: string; hint?: string | undefined; error?: string | undefined; inline?: boolean; children: ReactNode }) {
  return (
    <fieldset className={`fieldset choices${inline ? ' choices-inline' : ''}`} aria-describedby={describedBy(id, hint, error)}>
      <legend className="field-label">{legend}</legend>
      <FieldNotes id={id} hint={hint} error={error} />
      {children}
    </fieldset>
  );
}

/** One choice of a group: its input, and a label holding the choice's own hint. */
function ChoiceRow({ id, label, hint, input }: { id: string; label: ReactNode; hint?: string | undefined; input: InputHTMLAttributes<HTMLInputElement> }) {
  return (
    <div className="choice">
      <input id={id} aria-describedby={hint ? `${id}-hint` : undefined} {...input} />
      <label htmlFor={id}>
        {label}
        {hint && (
          <span id={`${id}-hint`} className="choice-hint">
            {hint}
          </span>
        )}
      </label>
    </div>
  );
}

interface RadioGroupProps {
  name: string;
  legend: string;
  options: readonly RadioOption[];
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  inline?: boolean;
}

/** A fieldset of radio buttons; arrow keys move between them, as browsers do natively. */
export function RadioGroup({ name, legend, options, value, onChange, error, inline = false }: RadioGroupProps) {
  const id = fieldId(name);
  return (
    <ChoicesFieldset id={id} legend={legend} error={error} inline={inline}>
      {options.map((o, i) => (
        <ChoiceRow
          key={o.value}
          id={i === 0 ? id : `${id}-${o.value}`}
          label={o.label}
          hint={o.hint}
          input={{ type: 'radio', name, value: o.value, checked: value === o.value, onChange: () => onChange(o.value) }}
        />
      ))}
    </ChoicesFieldset>
  );
}

interface CheckboxGroupProps<V extends string> {
  name: string;
  legend: string;
  hint?: string;
  error?: string | undefined;
  options: readonly CheckboxOption<V>[];
  /** Which boxes start ticked (an uncontrolled group, read from the form on submit). */
  defaultChecked?: (value: V) => boolean;
}

/**
 * A fieldset of checkboxes sharing one name, so that the form sends every ticked value. The first box bears
 * the field's id, so that an error summary's link to the field lands on it.
 */
export function CheckboxGroup<V extends string>({ name, legend, hint, error, options, defaultChecked }: CheckboxGroupProps<V>) {
  const id = fieldId(name);
  return (
    <ChoicesFieldset id={id} legend={legend} hint={hint} error={error}>
      {options.map((o, i) => (
        <ChoiceRow
          key={o.value}
          id={i === 0 ? id : `${id}-${o.value.replace('.', '-')}`}
          label={o.label}
          hint={o.hint}
          input={{ type: 'checkbox', name, value: o.value, defaultChecked: defaultChecked?.(o.value) ?? false }}
        />
      ))}
    </ChoicesFieldset>
  );
}

export function Checkbox({ name, label, ...input }: { name: string; label: string } & InputHTMLAttributes<HTMLInputElement>) {
  const id = fieldId(name);
  return (
    <div className="choice">
      <input type="checkbox" id={id} name={name} {...input} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}
