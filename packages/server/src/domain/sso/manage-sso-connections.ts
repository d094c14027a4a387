import type { Deps } from '../deps.js';
import { requirePermission, type Role } from '../auth/permissions.js';
import { requireStepUp } from '../mfa/step-up.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { AppError, notFound } from '../shared/errors.js';
import type { RoleRule, SsoConnection, SsoProtocol } from './ports.js';

export interface SsoConnectionInput {
  protocol: SsoProtocol;
  name: string;
  slug: string;
  domains: string[];
  oidc?: { issuer: string; clientId: string; clientSecret?: string | undefined } | undefined;
  saml?: { idpEntityId: string; ssoUrl: string; idpCertificate: string; emailAttribute?: string | undefined; signAuthnRequests?: boolean | undefined; sloUrl?: string | undefined } | undefined;
  roleClaim?: string | undefined;
  roleMapping?: RoleRule[] | undefined;
  defaultRole?: Role | null | undefined;
  trustIdpMfa?: boolean | undefined;
  enabled?: boolean | undefined;
}

/** What the console sees of a connection: everything but the secrets (only whether there is a client secret). */
export type SsoConnectionView = Omit<SsoConnection, 'sealedClientSecret' | 'sealedSpSigningKey' | 'sealedSpNextSigningKey'> & { hasClientSecret: boolean };

export const viewOf = ({ sealedClientSecret, sealedSpSigningKey: _key, sealedSpNextSigningKey: _next, ...c }: SsoConnection): SsoConnectionView => ({ ...c, hasClientSecret: sealedClientSecret !== null });

/** The vault's associated data for a connection's SP signing key (apart from its client secret's). */
export const spKeyAad = (connectionId: string) => `${connectionId}:sp-signing-key`;

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

function httpUrl(value: string, field: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AppError('validation', `${field} is not a URL`, { fields: [{ path: `/${field}`, message: 'not a URL' }] });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new AppError('validation', `${field} must be an https URL`, { fields: [{ path: `/${field}`, message: 'must be https' }] });
  if (url.username || url.password || url.hash) throw new AppError('validation', `${field} must not hold credentials or a fragment`);
  return url.href.replace(/\/$/, url.pathname === '/' ? '' : '/');
}

/** Checks and normalises what an admin typed; the secret stays apart (it is sealed by the caller). */
async function checked(deps: Pick<Deps, 'store'>, orgId: string, id: string, input: SsoConnectionInput) {
  const slug = input.slug.trim().toLowerCase();
  if (!SLUG.test(slug)) throw new AppError('validation', 'the short name is lower-case letters, digits and dashes', { fields: [{ path: '/slug', message: 'letters, digits and dashes' }] });
  const domains = [...new Set(input.domains.map((d) => d.trim().toLowerCase()).filter(Boolean))];
  const bad = domains.find((d) => !DOMAIN.test(d));
  if (bad) throw new AppError('validation', `${bad} is not a domain name`, { fields: [{ path: '/domains', message: `${bad} is not a domain name` }] });
  if (await deps.store.sso.slugTaken(slug, id)) throw new AppError('conflict', `the short name ${slug} is taken`);
  const taken = await deps.store.sso.domainsTaken(domains, id);
  if (taken.length > 0) throw new AppError('conflict', `another identity provider already answers for ${taken.join(', ')}`);
  if ((input.roleMapping ?? []).some((r) => r.role === 'owner') || input.defaultRole === 'owner') {
    throw new AppError('validation', 'single sign-on does not make owners: map to admin at most');
  }
  const base = {
    id,
    orgId,
    protocol: input.protocol,
    name: input.name.trim(),
    slug,
    domains,
    roleClaim: input.roleClaim?.trim() || (input.protocol === 'oidc' ? 'groups' : 'groups'),
    roleMapping: (input.roleMapping ?? []).map((r) => ({ value: r.value, role: r.role })),
    defaultRole: input.defaultRole ?? null,
    trustIdpMfa: input.trustIdpMfa ?? false,
    enabled: input.enabled ?? true,
  };
  if (input.protocol === 'oidc') {
    if (!input.oidc) throw new AppError('validation', 'an OpenID Connect connection needs its issuer and client id');
    return { ...base, oidc: { issuer: httpUrl(input.oidc.issuer, 'oidc/issuer'), clientId: input.oidc.clientId.trim() }, saml: undefined };
  }
  if (!input.saml) throw new AppError('validation', "a SAML connection needs the IdP's entity id, SSO URL and certificate");
  const cert = input.saml.idpCertificate.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(cert) || cert.length < 200) throw new AppError('validation', "the IdP's certificate is not a PEM or base64 certificate", { fields: [{ path: '/saml/idpCertificate', message: 'not a certificate' }] });
  return {
    ...base,
    oidc: undefined,
    saml: {
      idpEntityId: input.saml.idpEntityId.trim(),
      ssoUrl: httpUrl(input.saml.ssoUrl, 'saml/ssoUrl'),
      idpCertificate: cert,
      ...(input.saml.emailAttribute ? { emailAttribute: input.saml.emailAttribute.trim() } : {}),
      ...(input.saml.signAuthnRequests ? { signAuthnRequests: true } : {}),
      ...(input.saml.sloUrl ? { sloUrl: httpUrl(input.saml.sloUrl, 'saml/sloUrl') } : {}),
    },
  };
}

type ManageDeps = Pick<Deps, 'store' | 'clock' | 'ids' | 'vault' | 'stepUpSeconds' | 'sso'>;

/** A SAML connection that signs its AuthnRequests gets an SP key pair the first time (kept afterwards, also when signing is turned off). */
async function spKeyOf(deps: Pick<Deps, 'vault' | 'sso'>, id: string, saml: { signAuthnRequests?: boolean | undefined } | undefined, existing?: SsoConnection): Promise<Pick<SsoConnection, 'sealedSpSigningKey' | 'spCertificate' | 'sealedSpNextSigningKey' | 'spNextCertificate' | 'spPreviousCertificate'>> {
  if (existing?.sealedSpSigningKey) {
    const { sealedSpSigningKey, spCertificate, sealedSpNextSigningKey, spNextCertificate, spPreviousCertificate } = existing;
    return { sealedSpSigningKey, spCertificate, sealedSpNextSigningKey, spNextCertificate, spPreviousCertificate };
  }
  if (!saml?.signAuthnRequests) return { sealedSpSigningKey: null, spCertificate: null };
  const made = await deps.sso.saml.newSigningKey(id);
  return { sealedSpSigningKey: deps.vault.seal(made.privateKey, spKeyAad(id)), spCertificate: made.certificate };
}

/** An organisation's identity providers (admins). */
export async function listSsoConnections(deps: Pick<Deps, 'store'>, input: { actor: Actor }): Promise<SsoConnectionView[]> {
  requirePermission(input.actor.principal, 'members:manage');
  return (await deps.store.sso.listConnections(input.actor.principal.orgId)).map(viewOf);
}

/** Add an identity provider: admins, with a factor proven recently (it decides who gets in, and as what). */
export async function createSsoConnection(deps: ManageDeps, input: { actor: Actor; connection: SsoConnectionInput }): Promise<SsoConnectionView> {
  const { principal } = input.actor;
  requirePermission(principal, 'members:manage');
  requireStepUp(deps, principal);
  const id = deps.ids.id();
  const fields = await checked(deps, principal.orgId, id, input.connection);
  const secret = input.connection.oidc?.clientSecret;
  if (fields.protocol === 'oidc' && !secret) throw new AppError('validation', 'an OpenID Connect connection needs its client secret', { fields: [{ path: '/oidc/clientSecret', message: 'required' }] });
  const now = deps.clock.now();
  const connection: SsoConnection = { ...fields, sealedClientSecret: secret ? deps.vault.seal(secret, id) : null, ...(await spKeyOf(deps, id, fields.saml)), createdAt: now.toISOString(), updatedAt: now.toISOString() };
  await deps.store.transaction(async (tx) => {
    await tx.sso.insertConnection(connection);
    await tx.audit.record(auditEntry(deps.ids.id(), now, input.actor, 'sso-connection.create', { type: 'sso-connection', id }, { protocol: connection.protocol, slug: connection.slug, domains: connection.domains }));
  });
  return viewOf(connection);
}

/** Change an identity provider; the client secret is kept unless a new one is given. */
export async function updateSsoConnection(deps: ManageDeps, input: { actor: Actor; id: string; connection: SsoConnectionInput }): Promise<SsoConnectionView> {
  const { principal } = input.actor;
  requirePermission(principal, 'members:manage');
  requireStepUp(deps, principal);
  const existing = await deps.store.sso.findConnection(principal.orgId, input.id);
  if (!existing) throw notFound('identity provider');
  if (existing.protocol !== input.connection.protocol) throw new AppError('validation', 'the protocol of a connection cannot change: add another one');
  const fields = await checked(deps, principal.orgId, existing.id, input.connection);
  const secret = input.connection.oidc?.clientSecret;
  const now = deps.clock.now();
  const connection: SsoConnection = {
    ...fields,
    sealedClientSecret: secret ? deps.vault.seal(secret, existing.id) : existing.sealedClientSecret,
    ...(await spKeyOf(deps, existing.id, fields.saml, existing)),
    createdAt: existing.createdAt,
    updatedAt: now.toISOString(),
  };
  await deps.store.transaction(async (tx) => {
    await tx.sso.updateConnection(connection);
    await tx.audit.record(auditEntry(deps.ids.id(), now, input.actor, 'sso-connection.update', { type: 'sso-connection', id: existing.id }, { slug: connection.slug, domains: connection.domains, enabled: connection.enabled, secretChanged: Boolean(secret) }));
  });
  return viewOf(connection);
}

export async function removeSsoConnection(deps: ManageDeps, input: { actor: Actor; id: string }): Promise<void> {
  const { principal } = input.actor;
  requirePermission(principal, 'members:manage');
  requireStepUp(deps, principal);
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    if (!(await tx.sso.removeConnection(principal.orgId, input.id))) throw notFound('identity provider');
    await tx.audit.record(auditEntry(deps.ids.id(), now, input.actor, 'sso-connection.remove', { type: 'sso-connection', id: input.id }));
  });
}
