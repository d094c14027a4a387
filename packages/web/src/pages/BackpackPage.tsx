import { useMemo, useState } from 'react';
import { listBackpack, exchangeToWallet, offerToWallet, setVisibility } from '../api/earners';
import type { BackpackItem } from '../api/types';
import { BackpackCard } from '../components/BackpackCard';
import { ImportOwnBadge } from '../components/backpack/ImportOwnBadge';
import { ErrorSummary } from '../components/ErrorSummary';
import { SelectField } from '../components/Field';
import { LoadState } from '../components/LoadState';
import { PathwayProgressList } from '../components/PathwayProgressList';
import { Modal } from '../components/Modal';
import { WalletOfferPanel } from '../components/wallet/WalletOfferPanel';
import { LearnerWalletPanel } from '../components/wallet/LearnerWalletPanel';
import { Notice } from '../components/Notice';
import { PageHeader } from '../components/PageHeader';
import { ShareDialog } from '../components/ShareDialog';
import { useI18n } from '../i18n/useI18n';
import { applyFilters, BACKPACK_SORTS, filterChoices, NO_FILTERS, type BackpackFilters, type BackpackSort } from '../lib/backpack';
import { kindLabel, statusLabel } from '../lib/labels';
import { useLoad } from '../lib/useLoad';
import { useSubmit } from '../lib/useSubmit';
import { Link } from '../router/Link';
import { useCurrentSession } from '../session/useSession';
import { SETTINGS_PATH } from '../router/paths';

/** Revoked and suspended credentials cannot go into a wallet. */
const offerable = (item: BackpackItem) => item.status === 'active' || item.status === 'expired';

/** The earner's credentials: filter and sort, make each public or private, download, share. */
export function BackpackPage() {
  const { t } = useI18n();
  const session = useCurrentSession();
  const loaded = useLoad(listBackpack, []);
  const [updated, setUpdated] = useState<ReadonlyMap<string, BackpackItem>>(new Map());
  const [filters, setFilters] = useState<BackpackFilters>(NO_FILTERS);
  const [sharing, setSharing] = useState<BackpackItem | null>(null);
  const [walletFor, setWalletFor] = useState<{ name: string; items: BackpackItem[] } | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [pendingId, setPendingId] = useState<string | null>(null);

  const items = useMemo(() => (loaded.data?.items ?? []).map((i) => updated.get(i.id) ?? i), [loaded.data, updated]);
  const choices = useMemo(() => filterChoices(items), [items]);
  const shown = useMemo(() => applyFilters(items, filters), [items, filters]);
  const set = (key: keyof BackpackFilters) => (e: { target: { value: string } }) => setFilters((f) => ({ ...f, [key]: e.target.value }));

  const toggle = useSubmit(async (item: BackpackItem, visibility: BackpackItem['visibility']) => {
    // The switch moves at once; it moves back if the server refuses.
    const put = (next: BackpackItem) => {
      setUpdated((m) => new Map(m).set(next.id, next));
      setSharing((s) => (s?.id === next.id ? next : s));
    };
    setPendingId(item.id);
    put({ ...item, visibility });
    try {
      const next = await setVisibility(item.id, visibility);
      put(next);
      setAnnouncement(t(next.visibility === 'public' ? 'backpack.nowPublic' : 'backpack.nowPrivate', { name: next.achievement.name }));
    } catch (error) {
      put(item);
      throw error;
    } finally {
      setPendingId(null);
    }
  });

  return (
    <>
      <PageHeader
        title={t('backpack.title')}
        intro={t('backpack.intro', { email: session.user.email })}
        actions={
          <>
            {items.some(offerable) && (
              <button type="button" className="btn btn-secondary" onClick={() => setWalletFor({ name: t('wallet.all'), items: items.filter(offerable) })}>
                {t('wallet.addAll')}
              </button>
            )}
            <Link to={SETTINGS_PATH} className="btn btn-secondary">
              {t('settings.link')}
            </Link>
          </>
        }
      />
      <ErrorSummary error={toggle.error} />
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      <LoadState loading={loaded.loading} error={loaded.error} retry={loaded.reload}>
        {loaded.data && items.length === 0 && (
          <Notice tone="info">
            <p>{t('backpack.empty')}</p>
          </Notice>
        )}
        {items.length > 0 && (
          <>
            <form className="filters" aria-label={t('backpack.filters')} onSubmit={(e) => e.preventDefault()}>
              <SelectField name="issuer" label={t('backpack.issuer')} placeholder={t('common.all')} options={choices.issuers.map((i) => ({ value: i.id, label: i.name }))} value={filters.issuerId} onChange={set('issuerId')} />
              <SelectField name="kind" label={t('backpack.kind')} placeholder={t('common.all')} options={choices.kinds.map((k) => ({ value: k, label: kindLabel(k, t) }))} value={filters.kind} onChange={set('kind')} />
              <SelectField name="tag" label={t('backpack.tag')} placeholder={t('common.all')} options={choices.tags.map((tag) => ({ value: tag, label: tag }))} value={filters.tag} onChange={set('tag')} />
              <SelectField name="status" label={t('backpack.status')} placeholder={t('common.all')} options={choices.statuses.map((s) => ({ value: s, label: statusLabel(s, t) }))} value={filters.status} onChange={set('status')} />
              <SelectField name="year" label={t('backpack.year')} placeholder={t('common.all')} options={choices.years.map((y) => ({ value: y, label: y }))} value={filters.year} onChange={set('year')} />
              <SelectField
                name="sort"
                label={t('backpack.sort')}
                options={BACKPACK_SORTS.map((s) => ({ value: s, label: t(`backpack.sort.${s}`) }))}
                value={filters.sort}
                onChange={(e) => setFilters((f) => ({ ...f, sort: e.target.value as BackpackSort }))}
              />
            </form>
            <p className="muted" aria-live="polite">
              {t('backpack.count', { shown: shown.length, total: items.length })}
            </p>
            <ul className="cards">
              {shown.map((item) => (
                <li key={item.id}>
                  <BackpackCard item={item} pending={pendingId === item.id} onVisibility={(v) => void toggle.run(item, v)} onShare={() => setSharing(item)} onWallet={() => setWalletFor({ name: item.achievement.name, items: [item] })}
                    onRenewal={(request) => {
                      setAnnouncement(t('renewal.sent', { name: item.achievement.name }));
                      if (request.status === 'approved') loaded.reload();
                      else setUpdated((m) => new Map(m).set(item.id, { ...item, renewal: request, renewable: false }));
                    }}
                  />
                </li>
              ))}
            </ul>
            <PathwayProgressList />
          </>
        )}
      </LoadState>
      <ImportOwnBadge />
      <Modal open={walletFor !== null} title={walletFor ? `${t('wallet.title')}: ${walletFor.name}` : ''} onClose={() => setWalletFor(null)}>
        {walletFor && (
          <WalletOfferPanel
            heading={false}
            name={walletFor.name}
            make={async (txCode) => (await offerToWallet(walletFor.items.map((i) => i.id), txCode)).offers}
            issuerName={(id) => walletFor.items.find((i) => i.issuer.id === id)?.issuer.name ?? id}
          />
        )}
        {walletFor && walletFor.items.length === 1 && <LearnerWalletPanel name={walletFor.name} make={() => exchangeToWallet(walletFor.items[0]!.id)} />}
      </Modal>
      <ShareDialog item={sharing} onClose={() => setSharing(null)} onPublish={(item) => void toggle.run(item, 'public')} publishing={sharing !== null && pendingId === sharing.id} />
    </>
  );
}

