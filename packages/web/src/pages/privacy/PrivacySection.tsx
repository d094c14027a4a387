import { useState } from 'react';
import { saveFile } from '../../api/client';
import { deleteMyAccount, downloadMyData } from '../../api/privacy';
import { Button } from '../../components/Button';
import { Checkbox } from '../../components/Choice';
import { ErrorSummary } from '../../components/ErrorSummary';
import { useI18n } from '../../i18n/useI18n';
import { useSubmit } from '../../lib/useSubmit';
import { useSession } from '../../session/useSession';
import { withStepUp } from './with-step-up';

/** The account page's privacy rights: download everything Laurel holds, delete the account. */
export function PrivacySection() {
  const { t } = useI18n();
  const { refresh } = useSession();
  const [sure, setSure] = useState(false);
  const download = useSubmit(async () => saveFile(await withStepUp(downloadMyData)));
  const remove = useSubmit(async () => {
    await deleteMyAccount();
    await refresh().catch(() => undefined);
    window.location.assign('/');
  });
  return (
    <section className="section" aria-labelledby="account-privacy">
      <h2 id="account-privacy">{t('privacy.title')}</h2>
      <ErrorSummary error={download.error ?? remove.error} />
      <h3>{t('privacy.downloadTitle')}</h3>
      <p>{t('privacy.downloadIntro')}</p>
      <Button variant="secondary" busy={download.pending} onClick={() => void download.run()}>
        {t('privacy.download')}
      </Button>
      <h3>{t('privacy.deleteTitle')}</h3>
      <p>{t('privacy.deleteIntro')}</p>
      <Checkbox name="confirmDelete" label={t('privacy.deleteConfirm')} checked={sure} onChange={(e) => setSure(e.currentTarget.checked)} />
      <Button variant="danger" disabled={!sure} busy={remove.pending} onClick={() => void remove.run()}>
        {t('privacy.delete')}
      </Button>
    </section>
  );
}
