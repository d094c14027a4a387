import { useState } from 'react';
import { createApiKey, listApiKeys, revokeApiKey } from '../api/organisation';
import { ROLES, type ApiKey, type CreatedApiKey, type Role } from '../api/types';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { useFieldError } from '../components/ErrorSummary';
import { SelectField, TextField } from '../components/Field';
import { FormSection } from '../components/FormSection';
import { ListSection } from '../components/ListSection';
import { PageHeader } from '../components/PageHeader';
import { RowActionButton } from '../components/RowActionButton';
import { SecretBox } from '../components/SecretBox';
import { ShownOnceNotice } from '../components/ShownOnceNotice';
import { Badge } from '../components/StatusBadge';
import { useI18n } from '../i18n/useI18n';
import { useFlash } from '../lib/flash';
import { formValues } from '../lib/form';
import { hasRole } from '../lib/roles';
import { EXPIRY_CHOICES, expiryFrom } from '../lib/api-key-expiry';
import { useIssuerList } from '../lib/lookups';
import { useConfirm } from '../lib/useConfirm';
import { useLoad } from '../lib/useLoad';
import { useSubmitThenClear } from '../lib/useSubmit';
import { useCurrentSession } from '../session/useSession';
import { OAuthClients } from './oauth/OAuthClients';

export function ApiKeysPage() {
  const { t, formatDate, formatDateTime } = useI18n();
  const { role } = useCurrentSession();
  const { show } = useFlash();
  const keys = useLoad(listApiKeys, []);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);

  const issuers = useIssuerList();
  const create = useSubmitThenClear(async (form: HTMLFormElement) => {
    const v = formValues(form);
    const expiresAt = expiryFrom(v.expiry);
    setCreated(await createApiKey({ name: v.name!, role: v.role as Role, ...(expiresAt ? { expiresAt } : {}), ...(v.issuerId ? { issuerId: v.issuerId } : {}) }));
    keys.reload();
  });
  const revoking = useConfirm(async (target: ApiKey) => {
    const key = await revokeApiKey(target.id);
    keys.reload();
    show(t('apiKeys.revoked', { name: key.name }));
  });
  const fieldError = useFieldError(create.error);
  // A key cannot have more rights than its creator.
  const roles = ROLES.filter((r) => hasRole(role, r));

  return (
    <>
      <PageHeader title={t('apiKeys.title')} intro={t('apiKeys.intro')} />
      {created && (
        <ShownOnceNotice title={t('apiKeys.secretTitle')} body={t('apiKeys.secretBody', { name: created.name })} dismissLabel={t('setup.apiKeyDismiss')} onDismiss={() => setCreated(null)}>
          <SecretBox name="apiKeySecret" label={t('apiKeys.secretLabel')} secret={created.secret} />
        </ShownOnceNotice>
      )}
      <FormSection
        title={t('apiKeys.new')}
        action={create}
        labels={{ name: t('apiKeys.name'), role: t('apiKeys.role'), expiresAt: t('apiKeys.expiry'), issuerId: t('apiKeys.issuer') }}
        submitLabel={t('apiKeys.submit')}
        formClassName="form form-inline"
        resetKey={create.formKey}
      >
        <TextField name="name" label={t('apiKeys.name')} hint={t('apiKeys.nameHint')} required maxLength={200} autoComplete="off" error={fieldError('name')} />
        <SelectField
          name="role"
          label={t('apiKeys.role')}
          hint={t('apiKeys.roleHint')}
          defaultValue="issuer"
          options={roles.map((r) => ({ value: r, label: t(`role.${r}`) }))}
          error={fieldError('role')}
        />
        <SelectField
          name="expiry"
          label={t('apiKeys.expiry')}
          hint={t('apiKeys.expiryHint')}
          defaultValue="90"
          options={EXPIRY_CHOICES.map((c) => ({ value: c, label: t(`apiKeys.expiry.${c}`) }))}
          error={fieldError('expiresAt')}
        />
        <SelectField
          name="issuerId"
          label={t('apiKeys.issuer')}
          hint={t('apiKeys.issuerHint')}
          defaultValue=""
          options={[{ value: '', label: t('apiKeys.issuer.all') }, ...(issuers.data ?? []).map((i) => ({ value: i.id, label: i.name }))]}
          error={fieldError('issuerId')}
        />
      </FormSection>
      <ListSection
        list={keys}
        loading={keys.loading}
        caption={t('apiKeys.caption')}
        columns={[
          { header: t('apiKeys.col.name'), primary: true, cell: (key) => key.name },
          { header: t('apiKeys.col.prefix'), cell: (key) => <code>{key.prefix}…</code> },
          { header: t('apiKeys.col.role'), cell: (key) => t(`role.${key.role}`) },
          { header: t('apiKeys.col.issuer'), cell: (key) => (key.issuerId ? (issuers.byId.get(key.issuerId)?.name ?? t('apiKeys.unknownIssuer')) : t('apiKeys.issuer.all')) },
          { header: t('common.created'), cell: (key) => formatDate(key.createdAt) },
          { header: t('apiKeys.col.expires'), cell: (key) => (key.expiresAt ? formatDate(key.expiresAt) : t('common.never')) },
          { header: t('apiKeys.col.lastUsed'), cell: (key) => (key.lastUsedAt ? formatDateTime(key.lastUsedAt) : t('common.never')) },
          {
            header: t('apiKeys.col.status'),
            cell: (key) =>
              key.revokedAt ? (
                <Badge tone="revoked">{t('apiKeys.revokedOn', { date: formatDate(key.revokedAt) })}</Badge>
              ) : key.expiresAt && Date.parse(key.expiresAt) <= Date.now() ? (
                <Badge tone="expired">{t('apiKeys.expired')}</Badge>
              ) : (
                <Badge tone="active">{t('apiKeys.active')}</Badge>
              ),
          },
          {
            header: t('common.actions'),
            className: 'cell-actions',
            cell: (key) => !key.revokedAt && <RowActionButton label={t('apiKeys.revoke')} target={t('apiKeys.revokeTarget', { name: key.name })} onClick={() => revoking.ask(key)} />,
          },
        ]}
        rowKey={(key) => key.id}
        empty={t('apiKeys.empty')}
      />
      <ConfirmDialog confirming={revoking} title={t('apiKeys.revokeTitle')} body={(key) => t('apiKeys.revokeBody', { name: key.name })} confirmLabel={t('apiKeys.revokeConfirm')} />
      <OAuthClients />
    </>
  );
}
