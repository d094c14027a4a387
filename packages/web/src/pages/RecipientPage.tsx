import { useState } from 'react';
import { recipientCredentials, type Recipient } from '../api/credential-tools';
import { CredentialTable } from '../components/CredentialTable';
import { LoadMore } from '../components/LoadMore';
import { LoadState } from '../components/LoadState';
import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../i18n/useI18n';
import { useAchievementList } from '../lib/lookups';
import { usePaged } from '../lib/usePaged';
import { Link } from '../router/Link';

/** One recipient of the directory (by their opaque key, never their address) and everything awarded to them. */
export function RecipientPage({ params }: { params?: Readonly<Record<string, string>> }) {
  const { t, formatDate } = useI18n();
  const key = params?.key ?? '';
  const achievements = useAchievementList();
  const [recipient, setRecipient] = useState<Recipient | null>(null);
  const credentials = usePaged(async (cursor) => {
    const page = await recipientCredentials(key, cursor);
    setRecipient(page.recipient);
    return page;
  }, [key]);
  const label = recipient ? (recipient.name ?? recipient.identity) : '';
  return (
    <>
      <PageHeader
        title={recipient ? label : t('recipient.titleLoading')}
        intro={recipient ? `${recipient.name ? `${recipient.identity} · ` : ''}${(recipient.credentials === 1 ? t('recipient.summaryOne', { date: formatDate(recipient.latestIssuedOn) }) : t('recipient.summary', { count: recipient.credentials, date: formatDate(recipient.latestIssuedOn) }))}` : undefined}
        actions={
          <Link to="/recipients" className="btn btn-secondary">
            {t('recipient.back')}
          </Link>
        }
      />
      <LoadState loading={credentials.loading} error={credentials.error} retry={credentials.reload}>
        <CredentialTable
          caption={t('recipient.caption', { recipient: label })}
          credentials={credentials.items}
          achievements={achievements.byId}
          empty={credentials.loading ? t('common.loading') : t('credentials.empty')}
          details
        />
        <LoadMore hasMore={credentials.hasMore} loading={credentials.loading} onClick={credentials.loadMore} />
      </LoadState>
    </>
  );
}
