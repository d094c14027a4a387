import { useState } from 'react';
import { createSsoConnection, listSsoConnections, removeSsoConnection, rotateSsoSpKey, updateSsoConnection, type SsoConnection } from '../api/sso';
import { useI18n } from '../i18n/useI18n';
import { useLoad } from '../lib/useLoad';
import { useSubmit, useSubmitThenClear } from '../lib/useSubmit';
import { Button } from './Button';
import { ErrorSummary } from './ErrorSummary';
import { LoadState } from './LoadState';
import { Notice } from './Notice';
import { SsoConnectionForm, ssoConnectionBody } from './SsoConnectionForm';
import { DataTable } from './Table';

/** Admins: the organisation's identity providers (OpenID Connect, SAML 2.0), what to give them, adding, changing and removing one. */
export function SsoConnectionsSection() {
  const { t } = useI18n();
  const list = useLoad(listSsoConnections, []);
  const [notice, setNotice] = useState<string | null>(null);
  const [editing, setEditing] = useState<SsoConnection | null>(null);
  const add = useSubmitThenClear(async (form: HTMLFormElement) => {
    const protocol = form.querySelector<HTMLSelectElement>('select[name="protocol"]')?.value === 'saml' ? 'saml' : 'oidc';
    const created = await createSsoConnection(ssoConnectionBody(form, protocol));
    setNotice(t('sso.added', { name: created.name }));
    list.reload();
  });
  const save = useSubmit(async (form: HTMLFormElement) => {
    if (!editing) return;
    const saved = await updateSsoConnection(editing.id, ssoConnectionBody(form, editing.protocol));
    setNotice(t('sso.saved', { name: saved.name }));
    setEditing(null);
    list.reload();
  });
  const remove = useSubmit(async (id: string) => {
    await removeSsoConnection(id);
    if (editing?.id === id) setEditing(null);
    list.reload();
  });
  const rotate = useSubmit(async (c: SsoConnection, step: 'prepare' | 'switch' | 'retire') => {
    await rotateSsoSpKey(c.id, step);
    setNotice(t('sso.spKey.done', { name: c.name }));
    list.reload();
  });
  const startEditing = (c: SsoConnection) => {
    setNotice(null);
    save.clearError();
    setEditing(c);
  };
  return (
    <section className="section" aria-labelledby="sso-title">
      <h2 id="sso-title">{t('sso.title')}</h2>
      <p>{t('sso.intro')}</p>
      <ErrorSummary error={remove.error} />
      <ErrorSummary error={rotate.error} />
      <LoadState loading={list.loading} error={list.error} retry={list.reload}>
        {list.data && list.data.items.length === 0 ? (
          <p className="muted">{t('sso.none')}</p>
        ) : (
          <DataTable
            caption={t('sso.caption')}
            columns={[
              {
                header: t('sso.col.name'),
                primary: true,
                className: '',
                cell: (c) => (
                  <>
                    {c.name} <span className="muted">({c.slug})</span>
                  </>
                ),
              },
              { header: t('sso.col.protocol'), cell: (c) => (c.protocol === 'oidc' ? 'OpenID Connect' : 'SAML 2.0') },
              { header: t('sso.col.domains'), cell: (c) => c.domains.join(', ') },
              { header: t('sso.col.status'), cell: (c) => (c.enabled ? t('sso.status.enabled') : t('sso.status.disabled')) },
              { header: t('sso.col.provider'), cell: (c) => <ServiceProvider connection={c} /> },
              {
                header: t('sso.col.actions'),
                cell: (c) => (
                  <div className="form-actions">
                    <Button variant="secondary" onClick={() => startEditing(c)}>
                      {t('sso.edit', { name: c.name })}
                    </Button>
                    <Button variant="secondary" onClick={() => void remove.run(c.id)} disabled={remove.pending}>
                      {t('sso.remove', { name: c.name })}
                    </Button>
                    {c.serviceProvider.signingCertificate && !c.serviceProvider.nextSigningCertificate && (
                      <Button variant="secondary" onClick={() => void rotate.run(c, 'prepare')} disabled={rotate.pending}>
                        {t('sso.spKey.prepare', { name: c.name })}
                      </Button>
                    )}
                    {c.serviceProvider.nextSigningCertificate && (
                      <Button variant="secondary" onClick={() => void rotate.run(c, 'switch')} disabled={rotate.pending}>
                        {t('sso.spKey.switch', { name: c.name })}
                      </Button>
                    )}
                    {c.serviceProvider.previousSigningCertificate && (
                      <Button variant="secondary" onClick={() => void rotate.run(c, 'retire')} disabled={rotate.pending}>
                        {t('sso.spKey.retire', { name: c.name })}
                      </Button>
                    )}
                  </div>
                ),
              },
            ]}
            rows={list.data?.items}
            rowKey={(c) => c.id}
          />
        )}
      </LoadState>
      {notice && (
        <Notice>
          <p>{notice}</p>
        </Notice>
      )}
      {editing ? (
        <>
          <h3>{t('sso.editTitle', { name: editing.name })}</h3>
          <SsoConnectionForm key={editing.id} connection={editing} action={save} submitLabel={t('sso.save')} onCancel={() => setEditing(null)} />
        </>
      ) : (
        <>
          <h3>{t('sso.add')}</h3>
          <SsoConnectionForm key={add.formKey} action={add} submitLabel={t('sso.submit')} />
        </>
      )}
    </section>
  );
}

/** What to give the identity provider for this connection, and the state of its signing-key rotation. */
function ServiceProvider({ connection: c }: { connection: SsoConnection }) {
  const { t } = useI18n();
  return (
    <>
      {c.serviceProvider.redirectUri && <p>{t('sso.redirectUri', { url: c.serviceProvider.redirectUri })}</p>}
      {c.serviceProvider.entityId && <p>{t('sso.entityId', { url: c.serviceProvider.entityId })}</p>}
      {c.serviceProvider.acsUrl && <p>{t('sso.acsUrl', { url: c.serviceProvider.acsUrl })}</p>}
      {c.serviceProvider.sloUrl && <p>{t('sso.sloUrl', { url: c.serviceProvider.sloUrl })}</p>}
      {c.serviceProvider.backchannelLogoutUri && <p>{t('sso.backchannelLogoutUri', { url: c.serviceProvider.backchannelLogoutUri })}</p>}
      {c.serviceProvider.nextSigningCertificate && <p>{t('sso.spKey.next')}</p>}
      {c.serviceProvider.previousSigningCertificate && <p>{t('sso.spKey.previous')}</p>}
    </>
  );
}
