import { useState } from 'react';
import { listLinkedProviders, removeLinkedProvider } from '../../api/providers';
import { Button } from '../../components/Button';
import { ErrorSummary } from '../../components/ErrorSummary';
import { LoadState } from '../../components/LoadState';
import { Notice } from '../../components/Notice';
import { Table } from '../../components/Table';
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
          <Table caption={t('providers.caption')}>
            <thead>
              <tr>
                <th scope="col">{t('providers.col.provider')}</th>
                <th scope="col">{t('providers.col.email')}</th>
                <th scope="col">{t('providers.col.linked')}</th>
                <th scope="col">{t('providers.col.lastUsed')}</th>
                <th scope="col">{t('providers.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {links.data.items.map((l) => (
                <tr key={l.id}>
                  <td>{l.label}</td>
                  <td>{l.email ?? ''}</td>
                  <td>{formatDateTime(l.createdAt)}</td>
                  <td>{l.lastSignInAt ? formatDateTime(l.lastSignInAt) : ''}</td>
                  <td>
                    <Button variant="secondary" className="btn-small" busy={remove.pending} onClick={() => void remove.run(l.id)}>
                      {t('providers.remove')}
                      <span className="visually-hidden"> {l.label}</span>
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </LoadState>
    </section>
  );
}
