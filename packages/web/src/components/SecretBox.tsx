import { useState } from 'react';
import { useI18n } from '../i18n/useI18n';
import { Button } from './Button';
import { fieldId } from './field-id';

/** A secret shown once, read-only and selectable, with a copy button. */
export function SecretBox({ name, label, secret }: { name: string; label: string; secret: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const id = fieldId(name);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      (document.getElementById(id) as HTMLInputElement | null)?.select();
    }
  };
  return (
    <div className="secret">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <div className="secret-row">
        <input id={id} className="input input-mono" readOnly value={secret} onFocus={(e) => e.currentTarget.select()} />
        <Button variant="secondary" onClick={() => void copy()}>
          {t('common.copy')}
        </Button>
      </div>
      <p className="field-hint" aria-live="polite">
        {copied ? t('common.copied') : ''}
      </p>
    </div>
  );
}
