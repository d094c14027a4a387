import { useState } from 'react';
import { createApiKey, listApiKeys, revokeApiKey } from '../api/organisation';
import { ROLES, type ApiKey, type CreatedApiKey, type Role } from '../api/types';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorSummary, useFieldError } from '../components/ErrorSummary';
import { SelectField, TextField } from '../components/Field';
import { FormActions } from '../components/FormActions';
import { LoadState } from '../components/LoadState';
import { PageHeader } from '../components/PageHeader';
import { RowActionButton } from '../components/RowActionButton';
import { SecretBox } from '../components/SecretBox';
import { ShownOnceNotice } from '../components/ShownOnceNotice';
import { SubmitForm } from '../components/SubmitForm';
import { EmptyRow, Table } from '../components/Table';
import { useI18n } from '../i18n/useI18n';
import { useFlash } from '../lib/flash';
import { formValues } from '../lib/form';
import { hasRole } from '../lib/roles';
import { EXPIRY_CHOICES, expiryFrom } from '../lib/api-key-expiry';
import { useIssuerList } from '../lib/lookups';
import { useConfirm } from '../lib/useConfirm';
import { useLoad } from '../lib/useLoad';
import { useSubmit } from '../lib/useSubmit';
import { useCurrentSession } from '../session/useSession';
import { OAuthClients } from './oauth/OAuthClients';

export function ApiKeysPage() {
  const { t, formatDate, formatDateTime } = useI18n();
  const { role } = useCurrentSession();
  const { show } = useFlash();
  const keys = useLoad(listApiKeys, []);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [formKey, setFormKey] = useState(0);

  const issuers = useIssuerList();
  const create = useSubmit(async (form: HTMLFormElement) => {
    const v = formValues(form);
    const expiresAt = expiryFrom(v.expiry);
    setCreated(await createApiKey({ name: v.name!, role: v.role as Role, ...(expiresAt ? { expiresAt } : {}), ...(v.issuerId ? { issuerId: v.issuerId } : {}) }));
    setFormKey((k) => k + 1);
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
      <section className="section" aria-labelledby="new-key-title">
        <h2 id="new-key-title">{t('apiKeys.new')}</h2>
        <ErrorSummary error={create.error} labels={{ name: t('apiKeys.name'), role: t('apiKeys.role'), expiresAt: t('apiKeys.expiry'), issuerId: t('apiKeys.issuer') }} />
        <SubmitForm key={formKey} action={create} className="form form-inline">
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
          <FormActions label={t('apiKeys.submit')} busy={create.pending} />
        </SubmitForm>
      </section>
      <section className="section">
        <LoadState loading={keys.loading} error={keys.error} retry={keys.reload}>
          <Table caption={t('apiKeys.caption')} captionHidden={false}>
            <thead>
              <tr>
                <th scope="col">{t('apiKeys.col.name')}</th>
                <th scope="col">{t('apiKeys.col.prefix')}</th>
                <th scope="col">{t('apiKeys.col.role')}</th>
                <th scope="col">{t('apiKeys.col.issuer')}</th>
                <th scope="col">{t('common.created')}</th>
                <th scope="col">{t('apiKeys.col.expires')}</th>
                <th scope="col">{t('apiKeys.col.lastUsed')}</th>
                <th scope="col">{t('apiKeys.col.status')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {keys.data?.items.length === 0 && <EmptyRow colSpan={9}>{t('apiKeys.empty')}</EmptyRow>}
              {keys.data?.items.map((key) => (
                <tr key={key.id}>
                  <th scope="row" className="cell-primary">
                    {key.name}
                  </th>
                  <td>
                    <code>{key.prefix}…</code>
                  </td>
                  <td>{t(`role.${key.role}`)}</td>
                  <td>{key.issuerId ? (issuers.byId.get(key.issuerId)?.name ?? t('apiKeys.unknownIssuer')) : t('apiKeys.issuer.all')}</td>
                  <td>{formatDate(key.createdAt)}</td>
                  <td>{key.expiresAt ? formatDate(key.expiresAt) : t('common.never')}</td>
                  <td>{key.lastUsedAt ? formatDateTime(key.lastUsedAt) : t('common.never')}</td>
                  <td>
                    {key.revokedAt ? (
                      <span className="badge badge-revoked">{t('apiKeys.revokedOn', { date: formatDate(key.revokedAt) })}</span>
                    ) : key.expiresAt && Date.parse(key.expiresAt) <= Date.now() ? (
                      <span className="badge badge-expired">{t('apiKeys.expired')}</span>
                    ) : (
                      <span className="badge badge-active">{t('apiKeys.active')}</span>
                    )}
                  </td>
                  <td className="cell-actions">
                    {!key.revokedAt && <RowActionButton label={t('apiKeys.revoke')} target={t('apiKeys.revokeTarget', { name: key.name })} onClick={() => revoking.ask(key)} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        </LoadState>
      </section>
      <ConfirmDialog confirming={revoking} title={t('apiKeys.revokeTitle')} body={(key) => t('apiKeys.revokeBody', { name: key.name })} confirmLabel={t('apiKeys.revokeConfirm')} />
      <OAuthClients />
    </>
  );
}
