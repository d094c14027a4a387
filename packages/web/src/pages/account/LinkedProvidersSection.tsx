import { useState } from 'react';
import { listLinkedProviders, removeLinkedProvider } from '../../api/providers';
import { ErrorSummary } from '../../components/ErrorSummary';
import { LoadState } from '../../components/LoadState';
import { Notice } from '../../components/Notice';
import { RowActionButton } from '../../components/RowActionButton';
import { DataTable } from '../../components/Table';
import { useI18n } from '../../i18n/useI18n';
import { useLoad } from '../../lib/useLoad';
import { useSubmit } from '../../lib/useSubmit';

/** The providers (Google, Microsoft, LinkedIn…) the person signs in with; remove one. */
export function LinkedProvidersSection() {
  const { t, formatDateTime } = useI18n();
  const links = useLoad(listLinkedProviders, []);
  const [notice, setNotice] = useState<string | null>(null);
  const remove = useSubmit(async (id: string) => {
    await removeLinkedProvider(id);
    setNotice(t('providers.removed'));
    links.reload();
  });
  return (
    <section className="section" aria-labelledby="account-providers">
      <h2 id="account-providers">{t('providers.title')}</h2>
      <p className="muted">{t('providers.intro')}</p>
      {notice && (
        <Notice>
          <p>{notice}</p>
        </Notice>
      )}
      <ErrorSummary error={remove.error} />
      <LoadState loading={links.loading} error={links.error} retry={links.reload}>
        {links.data && links.data.items.length === 0 && <p>{t('providers.none')}</p>}
        {links.data && links.data.items.length > 0 && (
          <DataTable
            caption={t('providers.caption')}
            columns={[
              { header: t('providers.col.provider'), cell: (l) => l.label },
              { header: t('providers.col.email'), cell: (l) => l.email ?? '' },
              { header: t('providers.col.linked'), cell: (l) => formatDateTime(l.createdAt) },
              { header: t('providers.col.lastUsed'), cell: (l) => (l.lastSignInAt ? formatDateTime(l.lastSignInAt) : '') },
              {
                header: t('providers.col.actions'),
                cell: (l) => <RowActionButton variant="secondary" label={t('providers.remove')} target={l.label} busy={remove.pending} onClick={() => void remove.run(l.id)} />,
              },
            ]}
            rows={links.data.items}
            rowKey={(l) => l.id}
          />
        )}
      </LoadState>
    </section>
  );
}
