import { useI18n } from '../i18n/useI18n';
import { Link } from '../router/Link';
import { Button } from './Button';

interface Props {
  /** The submit button's text. */
  label: string;
  busy: boolean;
  /** The submit button's look: `danger` for a confirmation that destroys. */
  variant?: 'primary' | 'danger';
  /** A page to go back to: a cancel link. */
  cancelTo?: string;
  /** A cancel button instead, for a form that closes in place (a dialog, a panel). */
  onCancel?: () => void;
  /** The cancel link's or button's text ("Cancel" if left out). */
  cancelLabel?: string;
}

/** A form's submit button, and a way to cancel: a link back to a page, or a button that closes the form. */
export function FormActions({ label, busy, variant = 'primary', cancelTo, onCancel, cancelLabel }: Props) {
  const { t } = useI18n();
  const cancel = cancelLabel ?? t('common.cancel');
  return (
    <div className="form-actions">
      <Button type="submit" variant={variant} busy={busy}>
        {label}
      </Button>
      {cancelTo && (
        <Link to={cancelTo} className="btn btn-secondary">
          {cancel}
        </Link>
      )}
      {onCancel && (
        <Button variant="secondary" onClick={onCancel}>
          {cancel}
        </Button>
      )}
    </div>
  );
}
