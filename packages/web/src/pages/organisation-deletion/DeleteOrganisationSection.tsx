import { useState } from 'react';
import { deleteOrganisation } from '../../api/organisation';
import { Button } from '../../components/Button';
import { Checkbox } from '../../components/Choice';
import { ErrorSummary } from '../../components/ErrorSummary';
import { TextField } from '../../components/Field';
import { useI18n } from '../../i18n/useI18n';
import { useSubmit } from '../../lib/useSubmit';
import { useSession } from '../../session/useSession';
import { withStepUp } from '../privacy/with-step-up';

/** The organisation page's danger zone: an owner deletes the organisation, typing its name (and proving a factor again). */
export function DeleteOrganisationSection({ name }: { name: string }) {
  const { t } = useI18n();
  const { refresh } = useSession();
  const [typed, setTyped] = useState('');
  const [withdraw, setWithdraw] = useState(false);
  const remove = useSubmit(async () => {
    await withStepUp(() => deleteOrganisation({ confirmName: typed, withdrawCredentials: withdraw }));
    await refresh().catch(() => undefined);
    window.location.assign('/');
  });
  const matches = typed === name;
  return (
    <section className="section" aria-labelledby="organisation-delete">
      <h2 id="organisation-delete">{t('orgDelete.title')}</h2>
      <ErrorSummary error={remove.error} labels={{ confirmName: t('orgDelete.confirmName', { name }) }} />
      <p>{t('orgDelete.intro')}</p>
      <p>{t('orgDelete.keep')}</p>
      <Checkbox name="withdrawCredentials" label={t('orgDelete.withdraw')} checked={withdraw} onChange={(e) => setWithdraw(e.currentTarget.checked)} />
      <TextField
        name="confirmName"
        label={t('orgDelete.confirmName', { name })}
        hint={t('orgDelete.confirmHint')}
        autoComplete="off"
        required
        value={typed}
        onChange={(e) => setTyped(e.currentTarget.value)}
      />
      <Button variant="danger" disabled={!matches} busy={remove.pending} onClick={() => void remove.run()}>
        {t('orgDelete.submit')}
      </Button>
    </section>
  );
}
