import { Button } from '../../components/Button';
import { Notice } from '../../components/Notice';
import { useI18n } from '../../i18n/useI18n';

/** Recovery codes, shown once: the person saves them and says so. */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useI18n();
  return (
    <Notice tone="warning" title={t('mfa.recovery.list')}>
      <p>{t('mfa.recovery.save')}</p>
      <ul className="recovery-codes" aria-label={t('mfa.recovery.list')}>
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <Button variant="secondary" onClick={onDone}>
        {t('mfa.recovery.done')}
      </Button>
    </Notice>
  );
}
