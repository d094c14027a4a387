import { Button } from '../components/Button';
import { Notice } from '../components/Notice';
import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../i18n/useI18n';
import { useSubmit } from '../lib/useSubmit';
import { useCurrentSession, useSession } from '../session/useSession';

/** Signed in, but a member of no organisation: nothing in the console applies yet. */
export function NoOrganisationPage() {
  const { t } = useI18n();
  const session = useCurrentSession();
  const signingOut = useSubmit(useSession().signOut);
  return (
    <>
      <PageHeader title={t('app.name')} />
      <Notice tone="warning">{t('signIn.noOrganisation', { email: session.user.email })}</Notice>
      <Button variant="secondary" busy={signingOut.pending} onClick={() => void signingOut.run()}>
        {t('header.signOut')}
      </Button>
    </>
  );
}
