import { useState } from 'react';
import { listCredentials } from '../api/badges';
import { CREDENTIAL_STATUSES, type Credential, type CredentialStatus } from '../api/types';
import { CredentialTable, recipientLabel } from '../components/CredentialTable';
import { SelectField } from '../components/Field';
import { LoadMore } from '../components/LoadMore';
import { LoadState } from '../components/LoadState';
import { PageHeader } from '../components/PageHeader';
import { RevokeDialog } from '../components/RevokeDialog';
import { SearchForm } from '../components/SearchForm';
import { useI18n } from '../i18n/useI18n';
import { useFlash } from '../lib/flash';
import { useAchievementList } from '../lib/lookups';
import { hasRole } from '../lib/roles';
import { usePaged } from '../lib/usePaged';
import { Link } from '../router/Link';
import { useCurrentSession } from '../session/useSession';

export function CredentialsPage() {
  const { t } = useI18n();
  const { role } = useCurrentSession();
  const { show } = useFlash();
  const achievements = useAchievementList();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<CredentialStatus | ''>('');
  const [achievementId, setAchievementId] = useState('');
  const [revoking, setRevoking] = useState<Credential | null>(null);
  const credentials = usePaged(
    (cursor) => listCredentials({ q: q || undefined, status: status || undefined, achievementId: achievementId || undefined, cursor }),
    [q, status, achievementId],
  );

  const revoked = (credential: Credential) => {
    credentials.replace(credential, (a, b) => a.id === b.id);
    setRevoking(null);
    show(t('credentials.revoked', { recipient: recipientLabel(credential) }));
  };

  return (
    <>
      <PageHeader
        title={t('credentials.title')}
        intro={t('credentials.intro')}
        actions={
          hasRole(role, 'issuer') && (
            <Link to="/award" className="btn btn-primary">
              {t('credentials.award')}
            </Link>
          )
        }
      />
      <SearchForm name="q" label={t('credentials.searchLabel')} hint={t('credentials.searchHint')} onSearch={setQ}>
        <SelectField
          name="status"
          label={t('credentials.statusFilter')}
          placeholder={t('credentials.anyStatus')}
          options={CREDENTIAL_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          value={status}
          onChange={(e) => setStatus(e.target.value as CredentialStatus | '')}
        />
        <SelectField
          name="achievementId"
          label={t('credentials.achievementFilter')}
          placeholder={t('credentials.allAchievements')}
          options={(achievements.data ?? []).map((a) => ({ value: a.id, label: a.name }))}
          value={achievementId}
          onChange={(e) => setAchievementId(e.target.value)}
        />
      </SearchForm>
      <LoadState loading={credentials.loading} error={credentials.error} retry={credentials.reload}>
        <CredentialTable
          caption={t('credentials.caption')}
          credentials={credentials.items}
          achievements={achievements.byId}
          empty={credentials.loading ? t('common.loading') : t('credentials.empty')}
          {...(hasRole(role, 'issuer') ? { onRevoke: setRevoking } : {})}
        />
        <LoadMore hasMore={credentials.hasMore} loading={credentials.loading} onClick={credentials.loadMore} />
      </LoadState>
      <RevokeDialog credential={revoking} achievement={revoking ? achievements.byId.get(revoking.achievementId) : undefined} onClose={() => setRevoking(null)} onRevoked={revoked} />
    </>
  );
}
