import type { InputHTMLAttributes } from 'react';
import { fieldId } from './field-id';

export interface RadioOption {
  value: string;
  label: string;
  hint?: string;
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
    <fieldset className={`fieldset choices${inline ? ' choices-inline' : ''}`} aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="field-label">{legend}</legend>
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
      {options.map((o, i) => {
        const optionId = i === 0 ? id : `${id}-${o.value}`;
        return (
          <div className="choice" key={o.value}>
            <input
              type="radio"
              id={optionId}
              name={name}
              value={o.value}
              checked={value === o.value}
              onChange={() => onChange(o.value)}
              aria-describedby={o.hint ? `${optionId}-hint` : undefined}
            />
            <label htmlFor={optionId}>
              {o.label}
              {o.hint && (
                <span id={`${optionId}-hint`} className="choice-hint">
                  {o.hint}
                </span>
              )}
            </label>
          </div>
        );
      })}
    </fieldset>
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
