import type { Kysely, Selectable } from 'kysely';
import type { Role } from '../../../domain/auth/permissions.js';
import type { Authorization, AuthorizationRepo, DpopProofRepo, OAuthClient, OAuthClientRepo, OAuthToken, OAuthTokenRepo, PresentedClient } from '../../../domain/oauth/ports.js';
import type { Database, OAuthAuthorizationsTable, OAuthClientsTable, OAuthTokensTable } from '../schema.js';
import { fromJson, toJson } from './json.js';

const scopesOf = (text: string): string[] => text.split(' ').filter(Boolean);

const toClient = (r: Selectable<OAuthClientsTable>): OAuthClient => ({
  id: r.id,
  kind: r.kind as OAuthClient['kind'],
  orgId: r.org_id,
  name: r.name,
  secretHash: r.secret_hash,
  scopes: scopesOf(r.scopes),
  issuerId: r.issuer_id,
  metadata: fromJson<OAuthClient['metadata']>(r.metadata, null),
  createdBy: r.created_by,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

/** The client and, in the same read, its maker's current role in its organisation (none: not a member). */
function presentedClients(db: Kysely<Database>) {
  return db
    .selectFrom('oauth_clients')
    .leftJoin('memberships', (join) => join.onRef('memberships.org_id', '=', 'oauth_clients.org_id').onRef('memberships.user_id', '=', 'oauth_clients.created_by'))
    .selectAll('oauth_clients')
    .select('memberships.role as creator_role');
}

const toPresented = (r: Selectable<OAuthClientsTable> & { creator_role: string | null }): PresentedClient => ({ ...toClient(r), creatorRole: (r.creator_role as Role | null) ?? null });

export function oauthClientRepo(db: Kysely<Database>): OAuthClientRepo {
  return {
    async insert(c) {
      await db
        .insertInto('oauth_clients')
        .values({
          id: c.id, kind: c.kind, org_id: c.orgId, name: c.name, secret_hash: c.secretHash, scopes: c.scopes.join(' '), issuer_id: c.issuerId,
          metadata: toJson(c.metadata), created_by: c.createdBy, created_at: c.createdAt, last_used_at: c.lastUsedAt, revoked_at: c.revokedAt,
        })
        .execute();
    },
    async find(id) {
      const r = await presentedClients(db).where('oauth_clients.id', '=', id).executeTakeFirst();
      return r && toPresented(r);
    },
    async listForOrg(orgId) {
      const rows = await db.selectFrom('oauth_clients').selectAll().where('org_id', '=', orgId).where('kind', '=', 'machine').orderBy('created_at', 'desc').orderBy('id').execute();
      return rows.map(toClient);
    },
    async findInOrg(orgId, id) {
      const r = await db.selectFrom('oauth_clients').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
      return r && toClient(r);
    },
    async markUsed(id, at) {
      await db.updateTable('oauth_clients').set({ last_used_at: at }).where('id', '=', id).execute();
    },
    async revoke(orgId, id, at) {
      await db.updateTable('oauth_clients').set({ revoked_at: at }).where('org_id', '=', orgId).where('id', '=', id).where('revoked_at', 'is', null).execute();
    },
    async revokeCreatedBy(orgId, userId, at) {
      const result = await db.updateTable('oauth_clients').set({ revoked_at: at }).where('org_id', '=', orgId).where('created_by', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}

const toAuthorization = (r: Selectable<OAuthAuthorizationsTable>): Authorization => ({
  id: r.id,
  clientId: r.client_id,
  redirectUri: r.redirect_uri,
  scopes: scopesOf(r.scopes),
  authorizationDetails: fromJson<unknown[] | null>(r.authorization_details, null),
  state: r.state,
  codeChallenge: r.code_challenge,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  userId: r.user_id,
  decision: r.decision as Authorization['decision'],
  decidedAt: r.decided_at,
  codeHash: r.code_hash,
  codeExpiresAt: r.code_expires_at,
  codeUsedAt: r.code_used_at,
  grantId: r.grant_id,
});

export function authorizationRepo(db: Kysely<Database>): AuthorizationRepo {
  return {
    async insert(a) {
      await db
        .insertInto('oauth_authorizations')
        .values({
          id: a.id, client_id: a.clientId, redirect_uri: a.redirectUri, scopes: a.scopes.join(' '),
          authorization_details: a.authorizationDetails ? toJson(a.authorizationDetails) : null, state: a.state, code_challenge: a.codeChallenge,
          created_at: a.createdAt, expires_at: a.expiresAt, user_id: a.userId, decision: a.decision, decided_at: a.decidedAt,
          code_hash: a.codeHash, code_expires_at: a.codeExpiresAt, code_used_at: a.codeUsedAt, grant_id: a.grantId,
        })
        .execute();
    },
    async findById(id) {
      const r = await db.selectFrom('oauth_authorizations').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toAuthorization(r);
    },
    async findByCodeHash(codeHash) {
      const r = await db.selectFrom('oauth_authorizations').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
      return r && toAuthorization(r);
    },
    async decide(id, d, now) {
      const result = await db
        .updateTable('oauth_authorizations')
        .set({ user_id: d.userId, decision: d.decision, decided_at: d.at, code_hash: d.codeHash, code_expires_at: d.codeExpiresAt, grant_id: d.grantId })
        .where('id', '=', id)
        .where('decision', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async useCode(id, at) {
      const result = await db.updateTable('oauth_authorizations').set({ code_used_at: at }).where('id', '=', id).where('code_used_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}

const toToken = (r: Selectable<OAuthTokensTable>): OAuthToken => ({
  id: r.id,
  tokenHash: r.token_hash,
  kind: r.kind as OAuthToken['kind'],
  clientId: r.client_id,
  orgId: r.org_id,
  userId: r.user_id,
  scopes: scopesOf(r.scopes),
  authorizationDetails: fromJson<unknown[] | null>(r.authorization_details, null),
  grantId: r.grant_id,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  usedAt: r.used_at,
  revokedAt: r.revoked_at,
  dpopJkt: r.dpop_jkt,
});

export function oauthTokenRepo(db: Kysely<Database>): OAuthTokenRepo {
  return {
    async insert(t) {
      await db
        .insertInto('oauth_tokens')
        .values({
          id: t.id, token_hash: t.tokenHash, kind: t.kind, client_id: t.clientId, org_id: t.orgId, user_id: t.userId, scopes: t.scopes.join(' '),
          authorization_details: t.authorizationDetails ? toJson(t.authorizationDetails) : null, grant_id: t.grantId,
          created_at: t.createdAt, expires_at: t.expiresAt, used_at: t.usedAt, revoked_at: t.revokedAt, dpop_jkt: t.dpopJkt,
        })
        .execute();
    },
    async findByHash(tokenHash) {
      const token = await db.selectFrom('oauth_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      if (!token) return undefined;
      const client = await presentedClients(db).where('oauth_clients.id', '=', token.client_id).executeTakeFirst();
      return client && { ...toToken(token), client: toPresented(client) };
    },
    async useRefresh(id, at) {
      const result = await db.updateTable('oauth_tokens').set({ used_at: at }).where('id', '=', id).where('kind', '=', 'refresh').where('used_at', 'is', null).where('revoked_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async revoke(id, at) {
      await db.updateTable('oauth_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
    },
    async revokeGrant(grantId, at) {
      const result = await db.updateTable('oauth_tokens').set({ revoked_at: at }).where('grant_id', '=', grantId).where('revoked_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    async revokeForClient(clientId, at) {
      const result = await db.updateTable('oauth_tokens').set({ revoked_at: at }).where('client_id', '=', clientId).where('revoked_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    async listGrantsForUser(userId, now) {
      const rows = await db
        .selectFrom('oauth_tokens')
        .innerJoin('oauth_clients', 'oauth_clients.id', 'oauth_tokens.client_id')
        .select(['oauth_tokens.grant_id', 'oauth_tokens.client_id', 'oauth_tokens.scopes', 'oauth_tokens.created_at', 'oauth_clients.name'])
        .where('oauth_tokens.user_id', '=', userId)
        .where('oauth_tokens.revoked_at', 'is', null)
        .where('oauth_tokens.used_at', 'is', null)
        .where('oauth_tokens.expires_at', '>', now)
        .where('oauth_clients.revoked_at', 'is', null)
        .orderBy('oauth_tokens.created_at')
        .execute();
      // One entry per grant: its first live token tells when and for what.
      const grants = new Map<string, { grantId: string; clientId: string; clientName: string; scopes: string[]; createdAt: string }>();
      for (const r of rows) if (!grants.has(r.grant_id)) grants.set(r.grant_id, { grantId: r.grant_id, clientId: r.client_id, clientName: r.name, scopes: scopesOf(r.scopes), createdAt: r.created_at });
      return [...grants.values()];
    },
    async revokeGrantOfUser(userId, grantId, at) {
      const result = await db.updateTable('oauth_tokens').set({ revoked_at: at }).where('grant_id', '=', grantId).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}

export function dpopProofRepo(db: Kysely<Database>): DpopProofRepo {
  return {
    async remember(proofHash, expiresAt, now) {
      await db.deleteFrom('dpop_proofs').where('expires_at', '<=', now).execute();
      const result = await db.insertInto('dpop_proofs').values({ proof_hash: proofHash, expires_at: expiresAt }).onConflict((oc) => oc.column('proof_hash').doNothing()).executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
    },
  };
}
