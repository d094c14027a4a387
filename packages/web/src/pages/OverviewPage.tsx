import { listCredentials } from '../api/badges';
import { CredentialTable } from '../components/CredentialTable';
import { GettingStarted } from '../components/overview/GettingStarted';
import { LoadState } from '../components/LoadState';
import { ShownOnceNotice } from '../components/ShownOnceNotice';
import { PageHeader } from '../components/PageHeader';
import { SecretBox } from '../components/SecretBox';
import { useI18n } from '../i18n/useI18n';
import { useAchievementList } from '../lib/lookups';
import { useLoad } from '../lib/useLoad';
import { Link } from '../router/Link';
import { useCurrentSession, useSession } from '../session/useSession';

export function OverviewPage() {
  const { t } = useI18n();
  const session = useCurrentSession();
  const { setupApiKey, dismissSetupApiKey } = useSession();
  const recent = useLoad(() => listCredentials({ limit: 5 }), []);
  const achievements = useAchievementList();

  return (
    <>
      <PageHeader title={t('overview.title')} intro={t('overview.welcome', { name: session.user.name ?? session.user.email })} />
      {setupApiKey && (
        <ShownOnceNotice title={t('setup.apiKeyTitle')} body={t('setup.apiKeyBody')} dismissLabel={t('setup.apiKeyDismiss')} onDismiss={dismissSetupApiKey}>
          <SecretBox name="setupApiKey" label={t('setup.apiKeyLabel')} secret={setupApiKey} />
        </ShownOnceNotice>
      )}
      <GettingStarted />
      <section className="section" aria-labelledby="recent-title">
        <h2 id="recent-title">{t('overview.recent')}</h2>
        <LoadState loading={recent.loading} error={recent.error} retry={recent.reload}>
          {recent.data && (
            <CredentialTable caption={t('overview.recent')} credentials={recent.data.items} achievements={achievements.byId} empty={t('overview.noRecent')} />
          )}
        </LoadState>
        <p>
          <Link to="/credentials">{t('overview.viewAll')}</Link>
        </p>
      </section>
    </>
  );
}
