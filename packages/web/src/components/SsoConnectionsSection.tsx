import { useState } from 'react';
import { createSsoConnection, listSsoConnections, removeSsoConnection, type SsoConnectionBody } from '../api/sso';
import { useI18n } from '../i18n/useI18n';
import { formValues } from '../lib/form';
import { useLoad } from '../lib/useLoad';
import { useSubmit } from '../lib/useSubmit';
import { Button } from './Button';
import { Checkbox } from './Choice';
import { ErrorSummary } from './ErrorSummary';
import { SelectField, TextAreaField, TextField } from './Field';
import { FormActions } from './FormActions';
import { LoadState } from './LoadState';
import { Notice } from './Notice';
import { SubmitForm } from './SubmitForm';
import { Table } from './Table';

type Role = 'viewer' | 'issuer' | 'admin';
const ROLES: readonly Role[] = ['viewer', 'issuer', 'admin'];

/** `badge-admins=admin` lines → role rules (unknown roles are left out; the server refuses owners anyway). */
function roleRules(text: string): { value: string; role: Role }[] {
  return text
    .split('\n')
    .map((line) => line.split('=').map((p) => p.trim()))
    .filter((parts): parts is [string, Role] => parts.length === 2 && Boolean(parts[0]) && (ROLES as readonly string[]).includes(parts[1] ?? ''))
    .map(([value, role]) => ({ value, role }));
}

/** Admins: the organisation's identity providers (OpenID Connect, SAML 2.0), what to give them, and adding one. */
export function SsoConnectionsSection() {
  const { t } = useI18n();
  const list = useLoad(listSsoConnections, []);
  const [protocol, setProtocol] = useState<'oidc' | 'saml'>('oidc');
  const [added, setAdded] = useState<string | null>(null);
  const [formKey, setFormKey] = useState(0);
  const add = useSubmit(async (form: HTMLFormElement) => {
    const v = formValues(form);
    const body: SsoConnectionBody = {
      protocol,
      name: v.name ?? '',
      slug: v.slug ?? '',
      domains: (v.domains ?? '').split(',').map((d) => d.trim()).filter(Boolean),
      roleClaim: v.roleClaim || undefined,
      roleMapping: roleRules(v.roleMapping ?? ''),
      defaultRole: (ROLES as readonly string[]).includes(v.defaultRole ?? '') ? (v.defaultRole as Role) : null,
      trustIdpMfa: form.querySelector<HTMLInputElement>('input[name="trustIdpMfa"]')?.checked ?? false,
      ...(protocol === 'oidc'
        ? { oidc: { issuer: v.issuer ?? '', clientId: v.clientId ?? '', clientSecret: v.clientSecret ?? '' } }
        : { saml: { idpEntityId: v.idpEntityId ?? '', ssoUrl: v.ssoUrl ?? '', idpCertificate: v.idpCertificate ?? '' } }),
    };
    const created = await createSsoConnection(body);
    setAdded(created.name);
    setFormKey((k) => k + 1);
    list.reload();
  });
  const remove = useSubmit(async (id: string) => {
    await removeSsoConnection(id);
    list.reload();
  });
  return (
    <section className="section" aria-labelledby="sso-title">
      <h2 id="sso-title">{t('sso.title')}</h2>
      <p>{t('sso.intro')}</p>
      <ErrorSummary error={remove.error} />
      <LoadState loading={list.loading} error={list.error} retry={list.reload}>
        {list.data && list.data.items.length === 0 ? (
          <p className="muted">{t('sso.none')}</p>
        ) : (
          <Table caption={t('sso.caption')}>
            <thead>
              <tr>
                <th scope="col">{t('sso.col.name')}</th>
                <th scope="col">{t('sso.col.protocol')}</th>
                <th scope="col">{t('sso.col.domains')}</th>
                <th scope="col">{t('sso.col.provider')}</th>
                <th scope="col">{t('sso.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data?.items.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    {c.name} <span className="muted">({c.slug})</span>
                  </th>
                  <td>{c.protocol === 'oidc' ? 'OpenID Connect' : 'SAML 2.0'}</td>
                  <td>{c.domains.join(', ')}</td>
                  <td>
                    {c.serviceProvider.redirectUri && <p>{t('sso.redirectUri', { url: c.serviceProvider.redirectUri })}</p>}
                    {c.serviceProvider.entityId && <p>{t('sso.entityId', { url: c.serviceProvider.entityId })}</p>}
                    {c.serviceProvider.acsUrl && <p>{t('sso.acsUrl', { url: c.serviceProvider.acsUrl })}</p>}
                  </td>
                  <td>
                    <Button variant="secondary" onClick={() => void remove.run(c.id)} disabled={remove.pending}>
                      {t('sso.remove', { name: c.name })}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </LoadState>
      <h3>{t('sso.add')}</h3>
      {added && (
        <Notice>
          <p>{t('sso.added', { name: added })}</p>
        </Notice>
      )}
      <ErrorSummary error={add.error} />
      <SubmitForm key={formKey} action={add}>
        <SelectField
          name="protocol"
          label={t('sso.field.protocol')}
          value={protocol}
          onChange={(e) => setProtocol(e.currentTarget.value === 'saml' ? 'saml' : 'oidc')}
          options={[
            { value: 'oidc', label: 'OpenID Connect' },
            { value: 'saml', label: 'SAML 2.0' },
          ]}
        />
        <TextField name="name" label={t('sso.field.name')} required />
        <TextField name="slug" label={t('sso.field.slug')} hint={t('sso.field.slugHint')} required />
        <TextField name="domains" label={t('sso.field.domains')} hint={t('sso.field.domainsHint')} />
        {protocol === 'oidc' ? (
          <>
            <TextField name="issuer" type="url" label={t('sso.field.issuer')} required />
            <TextField name="clientId" label={t('sso.field.clientId')} required autoComplete="off" />
            <TextField name="clientSecret" type="password" label={t('sso.field.clientSecret')} hint={t('sso.field.clientSecretHint')} required autoComplete="off" />
          </>
        ) : (
          <>
            <TextField name="idpEntityId" label={t('sso.field.idpEntityId')} required />
            <TextField name="ssoUrl" type="url" label={t('sso.field.ssoUrl')} required />
            <TextAreaField name="idpCertificate" label={t('sso.field.idpCertificate')} required />
          </>
        )}
        <TextField name="roleClaim" label={t('sso.field.roleClaim')} placeholder="groups" />
        <TextAreaField name="roleMapping" label={t('sso.field.roleMapping')} hint={t('sso.field.roleMappingHint')} />
        <SelectField name="defaultRole" label={t('sso.field.defaultRole')} defaultValue="" options={[{ value: '', label: t('sso.field.noDefault') }, ...ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))]} />
        <Checkbox name="trustIdpMfa" label={t('sso.field.trustIdpMfa')} />
        <FormActions label={t('sso.submit')} busy={add.pending} />
      </SubmitForm>
    </section>
  );
}
