import type { Kysely, Selectable } from 'kysely';
import { isRole } from '../../../domain/auth/permissions.js';
import type { RoleRule, SsoConnection, SsoRepo, SsoSessionLink } from '../../../domain/sso/ports.js';
import type { Database, SsoConnectionsTable, SsoIdentitiesTable, SsoSessionsTable } from '../schema.js';
import type { Keyring, PersonalDataKeys } from '../personal-data.js';
import { sealContext, ssoSubjectIndex, ssoSubjectIndexes } from '../sealed-columns.js';

/** The identity provider's subject is sealed at rest (migration 0045), in each table under its own context. */
const IDENTITY_SUBJECT = sealContext('sso_identities', 'subject');
const SESSION_SUBJECT = sealContext('sso_sessions', 'subject');
const PENDING_LINK_SUBJECT = sealContext('sso_pending_links', 'subject');

const toLink = (k: Keyring, r: SsoSessionsTable): SsoSessionLink => ({
  sessionId: r.session_id, connectionId: r.connection_id, orgId: r.org_id, subject: k.open(r.subject, SESSION_SUBJECT), sid: r.sid, nameIdFormat: r.name_id_format, sessionIndex: r.session_index, createdAt: r.created_at, expiresAt: r.expires_at,
});
const toIdentity = (k: Keyring, r: SsoIdentitiesTable) => ({ connectionId: r.connection_id, subject: k.open(r.subject, IDENTITY_SUBJECT), userId: r.user_id, orgId: r.org_id, createdAt: r.created_at, lastSignInAt: r.last_sign_in_at });

function toConnection(r: Selectable<SsoConnectionsTable>, domains: string[]): SsoConnection {
  const settings = JSON.parse(r.settings) as Record<string, unknown>;
  const protocol = r.protocol === 'saml' ? 'saml' : 'oidc';
  return {
    id: r.id,
    orgId: r.org_id,
    protocol,
    name: r.name,
    slug: r.slug,
    domains,
    ...(protocol === 'oidc' ? { oidc: settings as unknown as SsoConnection['oidc'] } : { saml: settings as unknown as SsoConnection['saml'] }),
    sealedClientSecret: r.client_secret,
    sealedSpSigningKey: r.sp_signing_key ?? null,
    spCertificate: r.sp_certificate ?? null,
    sealedSpNextSigningKey: r.sp_next_signing_key ?? null,
    spNextCertificate: r.sp_next_certificate ?? null,
    spPreviousCertificate: r.sp_previous_certificate ?? null,
    roleClaim: r.role_claim,
    roleMapping: (JSON.parse(r.role_mapping) as RoleRule[]).filter((rule) => isRole(rule.role)),
    defaultRole: r.default_role && isRole(r.default_role) ? r.default_role : null,
    trustIdpMfa: Number(r.trust_idp_mfa) === 1,
    enabled: Number(r.enabled) === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toRow(c: SsoConnection): SsoConnectionsTable {
  return {
    id: c.id,
    org_id: c.orgId,
    protocol: c.protocol,
    name: c.name,
    slug: c.slug,
    settings: JSON.stringify(c.protocol === 'oidc' ? c.oidc : c.saml),
    client_secret: c.sealedClientSecret,
    sp_signing_key: c.sealedSpSigningKey,
    sp_certificate: c.spCertificate,
    sp_next_signing_key: c.sealedSpNextSigningKey ?? null,
    sp_next_certificate: c.spNextCertificate ?? null,
    sp_previous_certificate: c.spPreviousCertificate ?? null,
    role_claim: c.roleClaim,
    role_mapping: JSON.stringify(c.roleMapping),
    default_role: c.defaultRole,
    trust_idp_mfa: c.trustIdpMfa ? 1 : 0,
    enabled: c.enabled ? 1 : 0,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}

export function ssoRepo(db: Kysely<Database>, keys: PersonalDataKeys): SsoRepo {
  async function withDomains(rows: Selectable<SsoConnectionsTable>[]): Promise<SsoConnection[]> {
    if (rows.length === 0) return [];
    const domains = await db.selectFrom('sso_domains').select(['domain', 'connection_id']).where('connection_id', 'in', rows.map((r) => r.id)).orderBy('domain').execute();
    return rows.map((r) => toConnection(r, domains.filter((d) => d.connection_id === r.id).map((d) => d.domain)));
  }
  const one = async (row: Selectable<SsoConnectionsTable> | undefined) => (row ? (await withDomains([row]))[0] : undefined);
  async function replaceDomains(c: SsoConnection): Promise<void> {
    await db.deleteFrom('sso_domains').where('connection_id', '=', c.id).execute();
    if (c.domains.length > 0) await db.insertInto('sso_domains').values(c.domains.map((domain) => ({ domain, connection_id: c.id, org_id: c.orgId }))).execute();
  }

  return {
    async insertConnection(c) {
      await db.insertInto('sso_connections').values(toRow(c)).execute();
      await replaceDomains(c);
    },
    async updateConnection(c) {
      const { id, org_id, created_at, ...rest } = toRow(c);
      await db.updateTable('sso_connections').set(rest).where('id', '=', id).where('org_id', '=', org_id).execute();
      await replaceDomains(c);
    },
    async removeConnection(orgId, id) {
      const r = await db.deleteFrom('sso_connections').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async findConnection(orgId, id) {
      return one(await db.selectFrom('sso_connections').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst());
    },
    async findConnectionById(id) {
      return one(await db.selectFrom('sso_connections').selectAll().where('id', '=', id).executeTakeFirst());
    },
    async findConnectionBySlug(slug) {
      return one(await db.selectFrom('sso_connections').selectAll().where('slug', '=', slug).executeTakeFirst());
    },
    async findConnectionByDomain(domain) {
      const d = await db.selectFrom('sso_domains').select('connection_id').where('domain', '=', domain).executeTakeFirst();
      return d ? one(await db.selectFrom('sso_connections').selectAll().where('id', '=', d.connection_id).executeTakeFirst()) : undefined;
    },
    async listConnections(orgId) {
      return withDomains(await db.selectFrom('sso_connections').selectAll().where('org_id', '=', orgId).orderBy('created_at').orderBy('id').execute());
    },
    async domainsTaken(domains, exceptId) {
      if (domains.length === 0) return [];
      const rows = await db.selectFrom('sso_domains').select('domain').where('domain', 'in', domains).where('connection_id', '!=', exceptId).execute();
      return rows.map((r) => r.domain);
    },
    async slugTaken(slug, exceptId) {
      return Boolean(await db.selectFrom('sso_connections').select('id').where('slug', '=', slug).where('id', '!=', exceptId).executeTakeFirst());
    },

    async insertPending(p) {
      await db.insertInto('sso_pending').values({ id: p.id, connection_id: p.connectionId, org_id: p.orgId, nonce: p.nonce, code_verifier: p.codeVerifier, request_id: p.requestId, created_at: p.createdAt, expires_at: p.expiresAt }).execute();
    },
    async takePending(id) {
      const r = await db.selectFrom('sso_pending').selectAll().where('id', '=', id).executeTakeFirst();
      if (!r) return undefined;
      const deleted = await db.deleteFrom('sso_pending').where('id', '=', id).executeTakeFirst();
      if (Number(deleted.numDeletedRows) !== 1) return undefined;
      return { id: r.id, connectionId: r.connection_id, orgId: r.org_id, nonce: r.nonce, codeVerifier: r.code_verifier, requestId: r.request_id, createdAt: r.created_at, expiresAt: r.expires_at };
    },
    async removeExpiredPending(now) {
      await db.deleteFrom('sso_pending').where('expires_at', '<=', now).execute();
    },

    async findIdentity(connectionId, subject) {
      const k = await keys.keyring(db);
      const r = await db.selectFrom('sso_identities').selectAll().where('connection_id', '=', connectionId).where('subject_index', 'in', ssoSubjectIndexes(k, subject)).executeTakeFirst();
      return r && toIdentity(k, r);
    },
    async insertIdentity(i) {
      const k = await keys.keyring(db);
      await db.insertInto('sso_identities').values({ connection_id: i.connectionId, subject: k.seal(i.subject, IDENTITY_SUBJECT, i.orgId), subject_index: ssoSubjectIndex(k, i.subject), user_id: i.userId, org_id: i.orgId, created_at: i.createdAt, last_sign_in_at: i.lastSignInAt }).execute();
    },
    async listIdentitiesOfUser(userId, orgId) {
      const k = await keys.keyring(db);
      const rows = await db.selectFrom('sso_identities').selectAll().where('user_id', '=', userId).where('org_id', '=', orgId).orderBy('last_sign_in_at', 'desc').execute();
      return rows.map((r) => toIdentity(k, r));
    },
    async touchIdentity(connectionId, subject, at) {
      const k = await keys.keyring(db);
      await db.updateTable('sso_identities').set({ last_sign_in_at: at }).where('connection_id', '=', connectionId).where('subject_index', 'in', ssoSubjectIndexes(k, subject)).execute();
    },

    async linkSession(l) {
      const k = await keys.keyring(db);
      await db.deleteFrom('sso_sessions').where('expires_at', '<=', l.createdAt).execute();
      await db.insertInto('sso_sessions').values({
        session_id: l.sessionId, connection_id: l.connectionId, org_id: l.orgId, subject: k.seal(l.subject, SESSION_SUBJECT, l.orgId), subject_index: ssoSubjectIndex(k, l.subject), sid: l.sid,
        name_id_format: l.nameIdFormat, session_index: l.sessionIndex, created_at: l.createdAt, expires_at: l.expiresAt,
      }).execute();
    },
    async findSessionLink(sessionId) {
      const r = await db.selectFrom('sso_sessions').selectAll().where('session_id', '=', sessionId).executeTakeFirst();
      return r && toLink(await keys.keyring(db), r);
    },
    async findSessionLinks(connectionId, match, now) {
      if (!match.sid && !match.subject) return [];
      const k = await keys.keyring(db);
      let q = db.selectFrom('sso_sessions').selectAll().where('connection_id', '=', connectionId).where('expires_at', '>', now);
      if (match.sid) q = q.where('sid', '=', match.sid);
      if (match.subject) q = q.where('subject_index', 'in', ssoSubjectIndexes(k, match.subject));
      return (await q.execute()).map((r) => toLink(k, r));
    },
    async removeSessionLink(sessionId) {
      await db.deleteFrom('sso_sessions').where('session_id', '=', sessionId).execute();
    },
    async holdSessionLink(pendingId, l) {
      const k = await keys.keyring(db);
      await db.deleteFrom('sso_pending_links').where('expires_at', '<=', l.createdAt).execute();
      await db.insertInto('sso_pending_links').values({
        id: pendingId, connection_id: l.connectionId, org_id: l.orgId, subject: k.seal(l.subject, PENDING_LINK_SUBJECT, l.orgId), subject_index: ssoSubjectIndex(k, l.subject), sid: l.sid,
        name_id_format: l.nameIdFormat, session_index: l.sessionIndex, created_at: l.createdAt, expires_at: l.expiresAt,
      }).execute();
    },
    async adoptSessionLink(pendingId, session) {
      const r = await db.selectFrom('sso_pending_links').selectAll().where('id', '=', pendingId).executeTakeFirst();
      if (!r) return;
      const deleted = await db.deleteFrom('sso_pending_links').where('id', '=', pendingId).executeTakeFirst();
      if (Number(deleted.numDeletedRows) !== 1 || r.expires_at <= session.createdAt) return;
      // The subject moves to the session's table: sealed again under that column's context (and the row's index, computed again).
      const k = await keys.keyring(db);
      const subject = k.open(r.subject, PENDING_LINK_SUBJECT);
      await db.insertInto('sso_sessions').values({
        session_id: session.id, connection_id: r.connection_id, org_id: r.org_id, subject: k.seal(subject, SESSION_SUBJECT, r.org_id), subject_index: ssoSubjectIndex(k, subject), sid: r.sid,
        name_id_format: r.name_id_format, session_index: r.session_index, created_at: session.createdAt, expires_at: session.expiresAt,
      }).execute();
    },
    async insertLogoutPending(p) {
      await db.deleteFrom('sso_logout_pending').where('expires_at', '<=', p.createdAt).execute();
      await db.insertInto('sso_logout_pending').values({ id: p.id, connection_id: p.connectionId, request_id: p.requestId, created_at: p.createdAt, expires_at: p.expiresAt }).execute();
    },
    async takeLogoutPending(id) {
      const r = await db.selectFrom('sso_logout_pending').selectAll().where('id', '=', id).executeTakeFirst();
      if (!r) return undefined;
      const deleted = await db.deleteFrom('sso_logout_pending').where('id', '=', id).executeTakeFirst();
      if (Number(deleted.numDeletedRows) !== 1) return undefined;
      return { id: r.id, connectionId: r.connection_id, requestId: r.request_id, createdAt: r.created_at, expiresAt: r.expires_at };
    },

    async useAssertionId(connectionId, assertionId, expiresAt, now) {
      await db.deleteFrom('sso_assertions_seen').where('expires_at', '<=', now).where('connection_id', '=', connectionId).execute();
      const r = await db.insertInto('sso_assertions_seen').values({ connection_id: connectionId, assertion_id: assertionId, expires_at: expiresAt }).onConflict((oc) => oc.doNothing()).executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
    },
  };
}
