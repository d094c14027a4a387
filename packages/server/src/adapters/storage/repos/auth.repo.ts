import type { Kysely, Selectable } from 'kysely';
import type { Permission, Role } from '../../../domain/auth/permissions.js';
import type { ApiKey, ApiKeyRepo, PresentedApiKey } from '../../../domain/api-keys/ports.js';
import type { Session, SessionRepo } from '../../../domain/sessions/ports.js';
import { compiledOnce } from '../compiled-once.js';
import type { ApiKeysTable, Database, SessionsTable } from '../schema.js';
import { fromJson, toJson } from './json.js';

export const toApiKey = (r: Selectable<ApiKeysTable>): ApiKey => ({
  id: r.id,
  orgId: r.org_id,
  name: r.name,
  prefix: r.prefix,
  keyHash: r.key_hash,
  role: r.role as Role,
  scopes: fromJson<Permission[]>(r.scopes, []),
  createdBy: r.created_by,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
  issuerId: r.issuer_id ?? null,
});

// The key and, in the same read, its creator's current role in the key's organisation (none: not a member).
const apiKeyByHash = compiledOnce(['hash'], (db, { hash }) =>
  db
    .selectFrom('api_keys')
    .leftJoin('memberships', (join) => join.onRef('memberships.org_id', '=', 'api_keys.org_id').onRef('memberships.user_id', '=', 'api_keys.created_by'))
    .selectAll('api_keys')
    .select('memberships.role as creator_role')
    .where('api_keys.key_hash', '=', hash),
);

export function apiKeyRepo(db: Kysely<Database>): ApiKeyRepo {
  return {
    async insert(k) {
      await db
        .insertInto('api_keys')
        .values({
          id: k.id, org_id: k.orgId, name: k.name, prefix: k.prefix, key_hash: k.keyHash, role: k.role, scopes: toJson(k.scopes),
          created_by: k.createdBy, created_at: k.createdAt, last_used_at: k.lastUsedAt, expires_at: k.expiresAt, revoked_at: k.revokedAt, issuer_id: k.issuerId,
        })
        .execute();
    },
    async findById(orgId, id) {
      const r = await db.selectFrom('api_keys').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
      return r && toApiKey(r);
    },
    async findByHash(hash) {
      // Every API request reads its key: compiled once.
      const [r] = await apiKeyByHash(db, { hash });
      return r && ({ ...toApiKey(r), creatorRole: (r.creator_role as Role | null) ?? null } satisfies PresentedApiKey);
    },
    async list(orgId) {
      const rows = await db.selectFrom('api_keys').selectAll().where('org_id', '=', orgId).orderBy('created_at', 'desc').orderBy('id').execute();
      return rows.map(toApiKey);
    },
    async markUsed(id, at) {
      await db.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', id).execute();
    },
    async revoke(orgId, id, at) {
      await db.updateTable('api_keys').set({ revoked_at: at }).where('org_id', '=', orgId).where('id', '=', id).execute();
    },
    async revokeCreatedBy(orgId, userId, at) {
      const result = await db.updateTable('api_keys').set({ revoked_at: at }).where('org_id', '=', orgId).where('created_by', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}

const toSession = (r: Selectable<SessionsTable>): Session => ({
  id: r.id, userId: r.user_id, orgId: r.org_id, csrfToken: r.csrf_token, ip: r.ip, userAgent: r.user_agent, createdAt: r.created_at, expiresAt: r.expires_at,
  factorAt: r.factor_at, mfa: Boolean(r.mfa), lastSeenAt: r.last_seen_at,
});

export function sessionRepo(db: Kysely<Database>): SessionRepo {
  return {
    async insert(s) {
      await db
        .insertInto('sessions')
        .values({
          id: s.id, user_id: s.userId, org_id: s.orgId, csrf_token: s.csrfToken, ip: s.ip, user_agent: s.userAgent, created_at: s.createdAt, expires_at: s.expiresAt,
          factor_at: s.factorAt, mfa: s.mfa ? 1 : 0, last_seen_at: s.lastSeenAt,
        })
        .execute();
    },
    async findById(id) {
      const r = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toSession(r);
    },
    async remove(id) {
      await db.deleteFrom('sessions').where('id', '=', id).execute();
    },
    async removeForUserInOrg(userId, orgId) {
      const result = await db.deleteFrom('sessions').where('user_id', '=', userId).where('org_id', '=', orgId).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async removeForUser(userId, exceptId) {
      let q = db.deleteFrom('sessions').where('user_id', '=', userId);
      if (exceptId) q = q.where('id', '!=', exceptId);
      await q.execute();
    },
    async removeExpired(now) {
      const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async listForUser(userId, now) {
      const rows = await db.selectFrom('sessions').selectAll().where('user_id', '=', userId).where('expires_at', '>', now).orderBy('created_at', 'desc').orderBy('id').execute();
      return rows.map(toSession);
    },
    async removeOfUser(userId, id) {
      const result = await db.deleteFrom('sessions').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },
    async recordFactor(id, at, mfa) {
      await db.updateTable('sessions').set(mfa ? { factor_at: at, mfa: 1 } : { factor_at: at }).where('id', '=', id).execute();
    },
    async touch(id, at) {
      await db.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
    },
  };
}
