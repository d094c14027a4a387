import { useState } from 'react';
import { listRecipients, RECIPIENT_SORTS, type RecipientSort } from '../api/credential-tools';
import { SelectField } from '../components/Field';
import { LoadMore } from '../components/LoadMore';
import { LoadState } from '../components/LoadState';
import { PageHeader } from '../components/PageHeader';
import { SearchForm } from '../components/SearchForm';
import { DataTable } from '../components/Table';
import { useI18n } from '../i18n/useI18n';
import { recipientPath } from '../lib/credential-paths';
import { usePaged } from '../lib/usePaged';
import { Link } from '../router/Link';

/** Everyone the organisation has awarded: one row per recipient, with how many credentials and the latest. */
export function RecipientsPage() {
  const { t, formatDate } = useI18n();
  const [q, setQ] = useState('');
  const [sort, setSort] = useState<RecipientSort>('name');
  const recipients = usePaged((cursor) => listRecipients({ q: q || undefined, sort, cursor }), [q, sort]);
  return (
    <>
      <PageHeader title={t('recipients.title')} intro={t('recipients.intro')} />
      <SearchForm name="q" label={t('recipients.searchLabel')} hint={t('recipients.searchHint')} onSearch={setQ}>
        <SelectField
          name="sort"
          label={t('recipients.sort')}
          options={RECIPIENT_SORTS.map((value) => ({ value, label: t(`recipients.sort.${value}`) }))}
          value={sort}
          onChange={(e) => setSort(e.target.value as RecipientSort)}
        />
      </SearchForm>
      <LoadState loading={recipients.loading} error={recipients.error} retry={recipients.reload}>
        <DataTable
          caption={t('recipients.caption')}
          columns={[
            {
              header: t('recipients.col.name'),
              primary: true,
              cell: (r) => (
                <>
                  <Link to={recipientPath(r.key)}>{r.name ?? r.identity}</Link>
                  {r.name && <span className="cell-sub">{r.identity}</span>}
                </>
              ),
            },
            { header: t('recipients.col.credentials'), cell: (r) => r.credentials },
            { header: t('recipients.col.latest'), cell: (r) => formatDate(r.latestIssuedOn) },
          ]}
          rows={recipients.items}
          rowKey={(r) => r.key}
          empty={recipients.loading ? t('common.loading') : t('recipients.empty')}
        />
        <LoadMore hasMore={recipients.hasMore} loading={recipients.loading} onClick={recipients.loadMore} />
      </LoadState>
    </>
  );
}
