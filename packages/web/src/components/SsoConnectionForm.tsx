import { useState } from 'react';
import type { SsoConnection, SsoConnectionBody } from '../api/sso';
import { useI18n } from '../i18n/useI18n';
import { formValues } from '../lib/form';
import type { Submitting } from '../lib/useSubmit';
import { Button } from './Button';
import { Checkbox } from './Choice';
import { ErrorSummary } from './ErrorSummary';
import { SelectField, TextAreaField, TextField } from './Field';
import { FormActions } from './FormActions';
import { SubmitForm } from './SubmitForm';

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

const checked = (form: HTMLFormElement, name: string) => form.querySelector<HTMLInputElement>(`input[name="${name}"]`)?.checked ?? false;

/** What the form holds, as the API's body. The client secret is sent only when typed (left empty on an edit: kept). */
export function ssoConnectionBody(form: HTMLFormElement, protocol: 'oidc' | 'saml'): SsoConnectionBody {
  const v = formValues(form);
  return {
    protocol,
    name: v.name ?? '',
    slug: v.slug ?? '',
    domains: (v.domains ?? '').split(',').map((d) => d.trim()).filter(Boolean),
    roleClaim: v.roleClaim || undefined,
    roleMapping: roleRules(v.roleMapping ?? ''),
    defaultRole: (ROLES as readonly string[]).includes(v.defaultRole ?? '') ? (v.defaultRole as Role) : null,
    trustIdpMfa: checked(form, 'trustIdpMfa'),
    enabled: checked(form, 'enabled'),
    ...(protocol === 'oidc'
      ? { oidc: { issuer: v.issuer ?? '', clientId: v.clientId ?? '', ...(v.clientSecret ? { clientSecret: v.clientSecret } : {}) } }
      : { saml: { idpEntityId: v.idpEntityId ?? '', ssoUrl: v.ssoUrl ?? '', idpCertificate: v.idpCertificate ?? '', signAuthnRequests: checked(form, 'signAuthnRequests'), ...(v.sloUrl ? { sloUrl: v.sloUrl } : {}) } }),
  };
}

const pemOf = (base64: string) => (base64.includes('BEGIN') ? base64 : `-----BEGIN CERTIFICATE-----\n${base64.replace(/(.{64})/g, '$1\n').trim()}\n-----END CERTIFICATE-----`);

/**
 * Adding or changing an identity provider. On an edit the fields start from the connection; the protocol
 * cannot change, and the client secret is write-only: the field starts empty, and left empty keeps it.
 */
export function SsoConnectionForm({ connection, action, submitLabel, onCancel }: { connection?: SsoConnection | undefined; action: Submitting<[HTMLFormElement]>; submitLabel: string; onCancel?: () => void }) {
  const { t } = useI18n();
  const [protocol, setProtocol] = useState<'oidc' | 'saml'>(connection?.protocol ?? 'oidc');
  const editing = connection !== undefined;
  return (
    <>
      <ErrorSummary error={action.error} />
      <SubmitForm action={action}>
        {editing ? (
          <p>{t('sso.field.protocolFixed', { protocol: protocol === 'oidc' ? 'OpenID Connect' : 'SAML 2.0' })}</p>
        ) : (
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
        )}
        <TextField name="name" label={t('sso.field.name')} required defaultValue={connection?.name} />
        <TextField name="slug" label={t('sso.field.slug')} hint={t('sso.field.slugHint')} required defaultValue={connection?.slug} />
        <TextField name="domains" label={t('sso.field.domains')} hint={t('sso.field.domainsHint')} defaultValue={connection?.domains.join(', ')} />
        {protocol === 'oidc' ? (
          <>
            <TextField name="issuer" type="url" label={t('sso.field.issuer')} required defaultValue={connection?.oidc?.issuer} />
            <TextField name="clientId" label={t('sso.field.clientId')} required autoComplete="off" defaultValue={connection?.oidc?.clientId} />
            <TextField
              name="clientSecret"
              type="password"
              label={t('sso.field.clientSecret')}
              hint={editing && connection.hasClientSecret ? t('sso.field.clientSecretKeep') : t('sso.field.clientSecretHint')}
              required={!editing || !connection.hasClientSecret}
              autoComplete="new-password"
            />
          </>
        ) : (
          <>
            <TextField name="idpEntityId" label={t('sso.field.idpEntityId')} required defaultValue={connection?.saml?.idpEntityId} />
            <TextField name="ssoUrl" type="url" label={t('sso.field.ssoUrl')} required defaultValue={connection?.saml?.ssoUrl} />
            <TextAreaField name="idpCertificate" label={t('sso.field.idpCertificate')} required defaultValue={connection?.saml ? pemOf(connection.saml.idpCertificate) : undefined} />
            <Checkbox name="signAuthnRequests" label={t('sso.field.signAuthnRequests')} defaultChecked={connection?.saml?.signAuthnRequests ?? false} />
            <TextField name="sloUrl" type="url" label={t('sso.field.sloUrl')} hint={t('sso.field.sloUrlHint')} defaultValue={connection?.saml?.sloUrl} />
          </>
        )}
        <TextField name="roleClaim" label={t('sso.field.roleClaim')} placeholder="groups" defaultValue={connection?.roleClaim} />
        <TextAreaField name="roleMapping" label={t('sso.field.roleMapping')} hint={t('sso.field.roleMappingHint')} defaultValue={connection?.roleMapping.map((r) => `${r.value}=${r.role}`).join('\n')} />
        <SelectField
          name="defaultRole"
          label={t('sso.field.defaultRole')}
          defaultValue={connection?.defaultRole ?? ''}
          options={[{ value: '', label: t('sso.field.noDefault') }, ...ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))]}
        />
        <Checkbox name="trustIdpMfa" label={t('sso.field.trustIdpMfa')} defaultChecked={connection?.trustIdpMfa ?? false} />
        <Checkbox name="enabled" label={t('sso.field.enabled')} defaultChecked={connection?.enabled ?? true} />
        <FormActions label={submitLabel} busy={action.pending} />
        {onCancel && (
          <Button variant="secondary" onClick={onCancel}>
            {t('sso.cancelEdit')}
          </Button>
        )}
      </SubmitForm>
    </>
  );
}
