import { useState } from 'react';
import { useI18n } from '../i18n/useI18n';
import { Button } from './Button';
import { fieldId } from './field-id';

/** A read-only value (a link to share) with a copy button and a polite confirmation. */
export function CopyField({ name, label, value }: { name: string; label: string; value: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const id = fieldId(name);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
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
        <input id={id} className="input input-mono" readOnly value={value} onFocus={(e) => e.currentTarget.select()} />
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
