import { useState } from 'react';
import { listIssuers } from '../api/badges';
import { LoadMore } from '../components/LoadMore';
import { LoadState } from '../components/LoadState';
import { PageHeader } from '../components/PageHeader';
import { SearchForm } from '../components/SearchForm';
import { DataTable } from '../components/Table';
import { useI18n } from '../i18n/useI18n';
import { hasRole } from '../lib/roles';
import { usePaged } from '../lib/usePaged';
import { Link } from '../router/Link';
import { useCurrentSession } from '../session/useSession';

export function IssuersPage() {
  const { t } = useI18n();
  const { role } = useCurrentSession();
  const [q, setQ] = useState('');
  const issuers = usePaged((cursor) => listIssuers({ q, cursor, sort: 'name' }), [q]);

  return (
    <>
      <PageHeader
        title={t('issuers.title')}
        intro={t('issuers.intro')}
        actions={
          hasRole(role, 'admin') && (
            <Link to="/issuers/new" className="btn btn-primary">
              {t('issuers.new')}
            </Link>
          )
        }
      />
      <SearchForm name="q" label={t('issuers.searchLabel')} onSearch={setQ} />
      <LoadState loading={issuers.loading} error={issuers.error} retry={issuers.reload}>
        <DataTable
          caption={t('issuers.caption')}
          columns={[
            {
              header: t('issuers.col.name'),
              primary: true,
              cell: (issuer) => (
                <>
                  <span className="with-thumb">
                    {issuer.image && <img className="thumb" src={issuer.image} alt={t('issuers.imageAlt', { name: issuer.name })} width={32} height={32} />}
                    {hasRole(role, 'admin') ? <Link to={`/issuers/${encodeURIComponent(issuer.id)}/edit`}>{issuer.name}</Link> : issuer.name}
                  </span>
                  {issuer.description && <span className="cell-sub">{issuer.description}</span>}
                  <span className="cell-sub">
                    <span className="visually-hidden">{t('issuers.did')} </span>
                    <code className="did" title={t('issuers.did')}>
                      {issuer.did}
                    </code>
                  </span>
                </>
              ),
            },
            {
              header: t('issuers.col.website'),
              cell: (issuer) => (
                <a href={issuer.url} rel="noreferrer">
                  {issuer.url}
                </a>
              ),
            },
            { header: t('issuers.col.email'), cell: (issuer) => issuer.email },
            {
              header: t('issuers.col.public'),
              cell: (issuer) => (
                <a href={issuer.ob2Url} target="_blank" rel="noreferrer">
                  OB 2.0<span className="visually-hidden"> – {t('issuers.profileLink', { name: issuer.name })} {t('common.opensNewTab')}</span>
                </a>
              ),
            },
          ]}
          rows={issuers.items}
          rowKey={(issuer) => issuer.id}
          empty={!issuers.loading && t('issuers.empty')}
        />
        <LoadMore hasMore={issuers.hasMore} loading={issuers.loading} onClick={issuers.loadMore} />
      </LoadState>
    </>
  );
}
