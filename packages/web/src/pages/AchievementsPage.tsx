import { useState } from 'react';
import { listAchievements } from '../api/badges';
import { ACHIEVEMENT_KINDS, type AchievementKind } from '../api/types';
import { Checkbox } from '../components/Choice';
import { SelectField } from '../components/Field';
import { LoadMore } from '../components/LoadMore';
import { LoadState } from '../components/LoadState';
import { PageHeader } from '../components/PageHeader';
import { SearchForm } from '../components/SearchForm';
import { DataTable } from '../components/Table';
import { useI18n } from '../i18n/useI18n';
import { formatDuration } from '../lib/duration';
import { useIssuerList } from '../lib/lookups';
import { hasRole } from '../lib/roles';
import { usePaged } from '../lib/usePaged';
import { Link } from '../router/Link';
import { useCurrentSession } from '../session/useSession';

export function AchievementsPage() {
  const { t } = useI18n();
  const { role } = useCurrentSession();
  const issuers = useIssuerList();
  const [q, setQ] = useState('');
  const [issuerId, setIssuerId] = useState('');
  const [kind, setKind] = useState<AchievementKind | ''>('');
  const [includeArchived, setIncludeArchived] = useState(false);
  const achievements = usePaged(
    (cursor) => listAchievements({ q, cursor, issuerId: issuerId || undefined, kind: kind || undefined, includeArchived: includeArchived || undefined }),
    [q, issuerId, kind, includeArchived],
  );
  const canEdit = hasRole(role, 'admin');

  return (
    <>
      <PageHeader
        title={t('achievements.title')}
        intro={t('achievements.intro')}
        actions={
          hasRole(role, 'admin') && (
            <Link to="/achievements/new" className="btn btn-primary">
              {t('achievements.new')}
            </Link>
          )
        }
      />
      <SearchForm name="q" label={t('achievements.searchLabel')} onSearch={setQ}>
        <SelectField
          name="issuerId"
          label={t('achievements.issuerFilter')}
          placeholder={t('common.all')}
          options={(issuers.data ?? []).map((i) => ({ value: i.id, label: i.name }))}
          value={issuerId}
          onChange={(e) => setIssuerId(e.target.value)}
        />
        <SelectField
          name="kind"
          label={t('achievements.kindFilter')}
          placeholder={t('common.all')}
          options={ACHIEVEMENT_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
          value={kind}
          onChange={(e) => setKind(e.target.value as AchievementKind | '')}
        />
        <Checkbox name="includeArchived" label={t('achievements.includeArchived')} checked={includeArchived} onChange={(e) => setIncludeArchived(e.target.checked)} />
      </SearchForm>
      <LoadState loading={achievements.loading} error={achievements.error} retry={achievements.reload}>
        <DataTable
          caption={t('achievements.caption')}
          columns={[
            {
              header: t('achievements.col.image'),
              cell: (a) => (
                <img className="thumb thumb-badge" src={a.image ?? `/ob2/badges/${encodeURIComponent(a.id)}/image`} alt={t('achievements.imageAlt', { name: a.name })} width={48} height={48} loading="lazy" />
              ),
            },
            {
              header: t('achievements.col.name'),
              primary: true,
              cell: (a) => (
                <>
                  <span>{a.name}</span>
                  {a.archived && <span className="tag">{t('achievements.archived')}</span>}
                  <span className="cell-sub">{a.description}</span>
                </>
              ),
            },
            { header: t('achievements.col.kind'), cell: (a) => t(`kind.${a.kind}`) },
            { header: t('achievements.col.issuer'), cell: (a) => issuers.byId.get(a.issuerId)?.name ?? t('common.none') },
            {
              header: t('achievements.col.tags'),
              cell: (a) =>
                a.tags.length === 0 ? (
                  t('common.none')
                ) : (
                  <ul className="tags">
                    {a.tags.map((tag) => (
                      <li key={tag} className="tag">
                        {tag}
                      </li>
                    ))}
                  </ul>
                ),
            },
            { header: t('achievements.col.validity'), cell: (a) => formatDuration(a.validity, t) },
            (hasRole(role, 'issuer') || canEdit) && {
              header: t('common.actions'),
              className: 'cell-actions',
              cell: (a) => (
                <>
                  {hasRole(role, 'issuer') && !a.archived && (
                    <Link to={`/award?achievementId=${encodeURIComponent(a.id)}`}>
                      {t('achievements.award')}
                      <span className="visually-hidden"> {t('achievements.awardTarget', { name: a.name })}</span>
                    </Link>
                  )}
                  {canEdit && (
                    <Link to={`/achievements/${encodeURIComponent(a.id)}/edit`}>
                      {t('achievements.edit')}
                      <span className="visually-hidden"> {t('achievements.awardTarget', { name: a.name })}</span>
                    </Link>
                  )}
                </>
              ),
            },
          ]}
          rows={achievements.items}
          rowKey={(a) => a.id}
          empty={!achievements.loading && t('achievements.empty')}
        />
        <LoadMore hasMore={achievements.hasMore} loading={achievements.loading} onClick={achievements.loadMore} />
      </LoadState>
    </>
  );
}
