import { useI18n } from '../i18n/useI18n';
import { Link } from '../router/Link';
import { Button } from './Button';

/** A form's submit button, and a cancel link when there is a page to go back to. */
export function FormActions({ label, busy, cancelTo }: { label: string; busy: boolean; cancelTo?: string }) {
  const { t } = useI18n();
  return (
    <div className="form-actions">
      <Button type="submit" busy={busy}>
        {label}
      </Button>
      {cancelTo && (
        <Link to={cancelTo} className="btn btn-secondary">
          {t('common.cancel')}
        </Link>
      )}
    </div>
  );
}
