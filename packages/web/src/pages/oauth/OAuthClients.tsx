import { useState } from 'react';
import { listIssuers } from '../../api/badges';
import { createMachineClient, listMachineClients, MACHINE_SCOPES, revokeMachineClient, type CreatedMachineClient, type MachineClient } from '../../api/oauth';
import { CheckboxGroup } from '../../components/Choice';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { CopyField } from '../../components/CopyField';
import { useFieldError } from '../../components/ErrorSummary';
import { SelectField, TextField } from '../../components/Field';
import { FormSection } from '../../components/FormSection';
import { ListSection } from '../../components/ListSection';
import { RowActionButton } from '../../components/RowActionButton';
import { ShownOnceNotice } from '../../components/ShownOnceNotice';
import { Badge } from '../../components/StatusBadge';
import { useI18n } from '../../i18n/useI18n';
import { useFlash } from '../../lib/flash';
import { formValues, optional } from '../../lib/form';
import { useConfirm } from '../../lib/useConfirm';
import { useLoad } from '../../lib/useLoad';
import { useSubmit } from '../../lib/useSubmit';

/** Machine clients of the organisation (OAuth 2.0 client credentials grant): create (the secret shown once), list with last use, revoke. */
export function OAuthClients() {
  const { t, formatDate, formatDateTime } = useI18n();
  const { show } = useFlash();
  const clients = useLoad(listMachineClients, []);
  const issuers = useLoad(() => listIssuers({ limit: 200 }), []);
  const [created, setCreated] = useState<CreatedMachineClient | null>(null);
  const [formKey, setFormKey] = useState(0);
  const [scopesMissing, setScopesMissing] = useState(false);

  const create = useSubmit(async (form: HTMLFormElement) => {
    const v = formValues(form);
    const scopes = new FormData(form).getAll('scopes').map(String);
    setScopesMissing(scopes.length === 0);
    if (scopes.length === 0) return;
    const issuerId = optional(v.clientIssuer);
    setCreated(await createMachineClient({ name: v.clientName ?? '', scopes, ...(issuerId ? { issuerId } : {}) }));
    setFormKey((k) => k + 1);
    clients.reload();
  });
  const revoking = useConfirm(async (target: MachineClient) => {
    const client = await revokeMachineClient(target.clientId);
    clients.reload();
    show(t('oauthClients.revoked', { name: client.name }));
  });
  // The API key form on the same page has a `name` field too: these names keep the ids apart.
  const serverFieldError = useFieldError(create.error);
  const fieldError = (field: 'clientName' | 'scopes' | 'clientIssuer') => serverFieldError(field === 'clientName' ? 'name' : field === 'clientIssuer' ? 'issuerId' : field);
  const scopesError = scopesMissing ? t('oauthClients.scopesRequired') : fieldError('scopes');
  const issuerName = (id: string | null) => (id === null ? t('oauthClients.allIssuers') : (issuers.data?.items.find((i) => i.id === id)?.name ?? id));

  return (
    <>
      <section className="section" aria-labelledby="oauth-clients-title">
        <h2 id="oauth-clients-title">{t('oauthClients.title')}</h2>
        <p>{t('oauthClients.intro')}</p>
      </section>
      {created && (
        <ShownOnceNotice title={t('oauthClients.secretTitle')} body={t('oauthClients.secretBody', { name: created.name })} dismissLabel={t('oauthClients.dismiss')} onDismiss={() => setCreated(null)}>
          <CopyField name="oauthClientId" label={t('oauthClients.clientId')} value={created.clientId} />
          <CopyField name="oauthClientSecret" label={t('oauthClients.secret')} value={created.clientSecret} />
          <CopyField name="oauthTokenEndpoint" label={t('oauthClients.tokenEndpoint')} value={created.tokenEndpoint} />
        </ShownOnceNotice>
      )}
      <FormSection
        title={t('oauthClients.new')}
        level={3}
        action={create}
        labels={{ clientName: t('oauthClients.name'), scopes: t('oauthClients.scopes'), clientIssuer: t('oauthClients.issuer') }}
        submitLabel={t('oauthClients.submit')}
        resetKey={formKey}
      >
        <TextField name="clientName" label={t('oauthClients.name')} hint={t('oauthClients.nameHint')} required maxLength={200} autoComplete="off" error={fieldError('clientName')} />
        <CheckboxGroup
          name="scopes"
          legend={t('oauthClients.scopes')}
          hint={t('oauthClients.scopesHint')}
          error={scopesError}
          options={MACHINE_SCOPES.map((scope) => ({ value: scope, label: t(`oauthClients.scope.${scope}`) }))}
          defaultChecked={(scope) => scope === 'laurel.read'}
        />
        <SelectField
          name="clientIssuer"
          label={t('oauthClients.issuer')}
          hint={t('oauthClients.issuerHint')}
          optional
          placeholder={t('oauthClients.anyIssuer')}
          options={(issuers.data?.items ?? []).map((i) => ({ value: i.id, label: i.name }))}
          error={fieldError('clientIssuer')}
        />
      </FormSection>
      <ListSection
        list={clients}
        loading={clients.loading}
        caption={t('oauthClients.caption')}
        columns={[
          { header: t('oauthClients.col.name'), primary: true, cell: (c) => c.name },
          { header: t('oauthClients.col.clientId'), cell: (c) => <code>{c.clientId}</code> },
          { header: t('oauthClients.col.scopes'), cell: (c) => c.scopes.join(' ') },
          { header: t('oauthClients.col.issuer'), cell: (c) => issuerName(c.issuerId) },
          { header: t('common.created'), cell: (c) => formatDate(c.createdAt) },
          { header: t('oauthClients.col.lastUsed'), cell: (c) => (c.lastUsedAt ? formatDateTime(c.lastUsedAt) : t('common.never')) },
          {
            header: t('oauthClients.col.status'),
            cell: (c) =>
              c.revokedAt ? <Badge tone="revoked">{t('oauthClients.revokedOn', { date: formatDate(c.revokedAt) })}</Badge> : <Badge tone="active">{t('oauthClients.active')}</Badge>,
          },
          {
            header: t('common.actions'),
            className: 'cell-actions',
            cell: (c) => !c.revokedAt && <RowActionButton label={t('oauthClients.revoke')} target={t('oauthClients.revokeTarget', { name: c.name })} onClick={() => revoking.ask(c)} />,
          },
        ]}
        rowKey={(c) => c.clientId}
        empty={t('oauthClients.empty')}
      />
      <ConfirmDialog confirming={revoking} title={t('oauthClients.revokeTitle')} body={(c) => t('oauthClients.revokeBody', { name: c.name })} confirmLabel={t('oauthClients.revokeConfirm')} />
    </>
  );
}
