import { useMemo, useState } from 'react';
import type { CredentialFilter } from '../api/credential-tools';
import { BulkActions, type BulkChoice } from '../components/BulkActions';
import { listCredentials, reinstateCredential, resendNotification } from '../api/badges';
import { CREDENTIAL_STATUSES, type Credential, type CredentialStatus } from '../api/types';
import { CredentialTable, recipientLabel } from '../components/CredentialTable';
import { ErrorSummary } from '../components/ErrorSummary';
import { SelectField } from '../components/Field';

const CREDENTIAL_SORTS = ['-createdAt', 'createdAt', '-issuedOn', 'issuedOn', 'recipientName', '-recipientName'] as const;
const CLAIMED = { any: undefined, claimed: true, unclaimed: false } as const;
type Claimed = keyof typeof CLAIMED;
import { LoadMore } from '../components/LoadMore';
import { LoadState } from '../components/LoadState';
import { PageHeader } from '../components/PageHeader';
import { ReasonDialog, reasonActionDone, type ReasonAction } from '../components/ReasonDialog';
import { SearchForm } from '../components/SearchForm';
import { useI18n } from '../i18n/useI18n';
import { useFlash } from '../lib/flash';
import { useAchievementList } from '../lib/lookups';
import { hasRole } from '../lib/roles';
import { usePaged } from '../lib/usePaged';
import { useSubmit } from '../lib/useSubmit';
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
  const [sort, setSort] = useState<(typeof CREDENTIAL_SORTS)[number]>('-createdAt');
  const [claimed, setClaimed] = useState<Claimed>('any');
  const [choice, setChoice] = useState<BulkChoice>({ mode: 'ids', ids: new Set() });
  const filter = useMemo<CredentialFilter>(
    () => ({ q: q || undefined, status: status || undefined, achievementId: achievementId || undefined, claimed: CLAIMED[claimed] }),
    [q, status, achievementId, claimed],
  );
  const [changing, setChanging] = useState<{ credential: Credential; action: ReasonAction } | null>(null);
  const [reinstating, setReinstating] = useState<string | null>(null);
  const credentials = usePaged(
    (cursor) => listCredentials({ ...filter, sort, cursor }),
    [filter, sort],
  );
  // New filters, new selection: "everything matching" must mean what the table shows.
  const [selectedFor, setSelectedFor] = useState(filter);
  if (selectedFor !== filter) {
    setSelectedFor(filter);
    setChoice({ mode: 'ids', ids: new Set() });
  }
  const picked = choice.mode === 'ids' ? choice.ids : new Set(credentials.items.map((c) => c.id));
  const selection = {
    selected: picked,
    toggle: (id: string, on: boolean) => setChoice({ mode: 'ids', ids: withIds(picked, [id], on) }),
    toggleAll: (ids: readonly string[], on: boolean) => setChoice({ mode: 'ids', ids: withIds(picked, ids, on) }),
  };

  const changed = (action: ReasonAction) => (credential: Credential) => {
    credentials.replace(credential, (a, b) => a.id === b.id);
    setChanging(null);
    show(t(reasonActionDone(action), { recipient: recipientLabel(credential) }));
  };

  const reinstate = useSubmit(async (credential: Credential) => {
    setReinstating(credential.id);
    try {
      const updated = await reinstateCredential(credential.id);
      credentials.replace(updated, (a, b) => a.id === b.id);
      show(t('credentials.reinstated', { recipient: recipientLabel(updated) }));
    } finally {
      setReinstating(null);
    }
  });

  const resend = useSubmit(async (credential: Credential) => {
    setReinstating(credential.id);
    try {
      await resendNotification(credential.id);
      show(t('credentials.resent', { recipient: credential.recipient.identity }));
    } finally {
      setReinstating(null);
    }
  });

  const canChange = hasRole(role, 'issuer');
  return (
    <>
      <PageHeader
        title={t('credentials.title')}
        intro={t('credentials.intro')}
        actions={
          canChange && (
            <>
              <Link to="/award/bulk" className="btn btn-secondary">
                {t('credentials.awardBulk')}
              </Link>
              <Link to="/award" className="btn btn-primary">
                {t('credentials.award')}
              </Link>
            </>
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
        <SelectField
          name="claimed"
          label={t('credentials.claimedFilter')}
          options={[
            { value: 'any', label: t('credentials.claimedAny') },
            { value: 'claimed', label: t('credentials.claimedOnly') },
            { value: 'unclaimed', label: t('credentials.unclaimedOnly') },
          ]}
          value={claimed}
          onChange={(e) => setClaimed(e.target.value as Claimed)}
        />
        <SelectField
          name="sort"
          label={t('credentials.sort')}
          options={CREDENTIAL_SORTS.map((value) => ({ value, label: t(`credentials.sort.${value}`) }))}
          value={sort}
          onChange={(e) => setSort(e.target.value as (typeof CREDENTIAL_SORTS)[number])}
        />
      </SearchForm>
      <ErrorSummary error={reinstate.error ?? resend.error} />
      <BulkActions
        choice={choice}
        filter={filter}
        canChange={canChange}
        onSelectAllMatching={() => setChoice({ mode: 'filter' })}
        onClear={() => setChoice({ mode: 'ids', ids: new Set() })}
        onChanged={() => {
          setChoice({ mode: 'ids', ids: new Set() });
          credentials.reload();
        }}
      />
      <LoadState loading={credentials.loading} error={credentials.error} retry={credentials.reload}>
        <CredentialTable
          selection={selection}
          details
          caption={t('credentials.caption')}
          credentials={credentials.items}
          achievements={achievements.byId}
          empty={credentials.loading ? t('common.loading') : t('credentials.empty')}
          actions={canChange ? { exports: true, onRevoke: (credential) => setChanging({ credential, action: 'revoke' }), onSuspend: (credential) => setChanging({ credential, action: 'suspend' }), onReinstate: (c) => void reinstate.run(c), onResend: (c) => void resend.run(c), busyId: reinstating } : { exports: true }}
        />
        <LoadMore hasMore={credentials.hasMore} loading={credentials.loading} onClick={credentials.loadMore} />
      </LoadState>
      {(['revoke', 'suspend'] as const).map((action) => {
        const credential = changing?.action === action ? changing.credential : null;
        return (
          <ReasonDialog
            key={action}
            action={action}
            credential={credential}
            achievement={credential ? achievements.byId.get(credential.achievementId) : undefined}
            onClose={() => setChanging(null)}
            onDone={changed(action)}
          />
        );
      })}
    </>
  );
}

function withIds(current: ReadonlySet<string>, ids: readonly string[], on: boolean): Set<string> {
  const next = new Set(current);
  for (const id of ids) {
    if (on) next.add(id);
    else next.delete(id);
  }
  return next;
}
