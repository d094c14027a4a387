import type { Kysely, Selectable } from 'kysely';
import type { LtiPlacement, LtiPlatform, LtiRepo, DeepLinkContext } from '../../../domain/lti/ports.js';
import type { Database, LtiPlacementsTable, LtiPlatformsTable } from '../schema.js';
import { fromJson, toJson } from './json.js';
import type { PersonalDataKeys } from '../personal-data.js';

const toPlatform = (r: Selectable<LtiPlatformsTable>): LtiPlatform => ({
  id: r.id, orgId: r.org_id, name: r.name, issuer: r.issuer, clientId: r.client_id, deploymentIds: fromJson<string[]>(r.deployment_ids, []),
  authLoginUrl: r.auth_login_url, jwksUrl: r.jwks_url, tokenUrl: r.token_url, toolKid: r.tool_kid, toolPublicJwk: fromJson(r.tool_public_jwk, {}),
  toolPrivateJwkSealed: r.tool_private_jwk_sealed, createdAt: r.created_at,
});

const toPlacement = (r: Selectable<LtiPlacementsTable>): LtiPlacement => ({
  id: r.id, orgId: r.org_id, platformId: r.platform_id, achievementId: r.achievement_id, ruleId: r.rule_id, threshold: Number(r.threshold),
  contextId: r.context_id, lineitemUrl: r.lineitem_url, membershipsUrl: r.memberships_url, lastSyncedAt: r.last_synced_at, createdAt: r.created_at,
});

export function ltiRepo(db: Kysely<Database>, keys: PersonalDataKeys): LtiRepo {
  return {
    async insertPlatform(p) {
      await db.insertInto('lti_platforms').values({
        id: p.id, org_id: p.orgId, name: p.name, issuer: p.issuer, client_id: p.clientId, deployment_ids: toJson(p.deploymentIds), auth_login_url: p.authLoginUrl,
        jwks_url: p.jwksUrl, token_url: p.tokenUrl, tool_kid: p.toolKid, tool_public_jwk: toJson(p.toolPublicJwk), tool_private_jwk_sealed: p.toolPrivateJwkSealed, created_at: p.createdAt,
      }).execute();
    },
    async listPlatforms(orgId) {
      return (await db.selectFrom('lti_platforms').selectAll().where('org_id', '=', orgId).orderBy('created_at').orderBy('id').execute()).map(toPlatform);
    },
    async findPlatform(orgId, id) {
      const r = await db.selectFrom('lti_platforms').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
      return r ? toPlatform(r) : undefined;
    },
    async findPlatformById(id) {
      const r = await db.selectFrom('lti_platforms').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? toPlatform(r) : undefined;
    },
    async deletePlatform(orgId, id) {
      const r = await db.deleteFrom('lti_platforms').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async insertLaunch(l) {
      await db.insertInto('lti_launches').values({
        state: l.state, org_id: l.orgId, platform_id: l.platformId, nonce: l.nonce, expires_at: l.expiresAt, consumed_at: l.consumedAt, deep_link: l.deepLink ? toJson(l.deepLink) : null,
      }).execute();
    },
    async deleteExpiredLaunches(platformId, before) {
      await db.deleteFrom('lti_launches').where('platform_id', '=', platformId).where('expires_at', '<', before).execute();
    },
    async findLaunch(state) {
      const r = await db.selectFrom('lti_launches').selectAll().where('state', '=', state).executeTakeFirst();
      return r ? { state: r.state, orgId: r.org_id, platformId: r.platform_id, nonce: r.nonce, expiresAt: r.expires_at, consumedAt: r.consumed_at, deepLink: fromJson<DeepLinkContext | null>(r.deep_link, null) } : undefined;
    },
    async consumeLaunch(state, at, deepLink) {
      const r = await db.updateTable('lti_launches').set({ consumed_at: at, deep_link: deepLink ? toJson(deepLink) : null })
        .where('state', '=', state).where('consumed_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async takeDeepLink(state) {
      const r = await db.selectFrom('lti_launches').select(['deep_link']).where('state', '=', state).where('deep_link', 'is not', null).executeTakeFirst();
      if (!r?.deep_link) return undefined;
      const taken = await db.updateTable('lti_launches').set({ deep_link: null }).where('state', '=', state).where('deep_link', '=', r.deep_link).executeTakeFirst();
      return Number(taken.numUpdatedRows) > 0 ? fromJson<DeepLinkContext | null>(r.deep_link, null) ?? undefined : undefined;
    },
    async insertPlacement(p) {
      await db.insertInto('lti_placements').values({
        id: p.id, org_id: p.orgId, platform_id: p.platformId, achievement_id: p.achievementId, rule_id: p.ruleId, threshold: p.threshold, context_id: p.contextId,
        lineitem_url: p.lineitemUrl, memberships_url: p.membershipsUrl, last_synced_at: p.lastSyncedAt, created_at: p.createdAt,
      }).execute();
    },
    async findPlacement(orgId, id) {
      const r = await db.selectFrom('lti_placements').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
      return r ? toPlacement(r) : undefined;
    },
    async listPlacements(orgId) {
      return (await db.selectFrom('lti_placements').selectAll().where('org_id', '=', orgId).orderBy('created_at').orderBy('id').execute()).map(toPlacement);
    },
    async updatePlacementEndpoints(orgId, id, lineitemUrl, membershipsUrl, contextId) {
      await db.updateTable('lti_placements').set({ lineitem_url: lineitemUrl, memberships_url: membershipsUrl, context_id: contextId }).where('org_id', '=', orgId).where('id', '=', id).execute();
    },
    async markSynced(orgId, id, at) {
      await db.updateTable('lti_placements').set({ last_synced_at: at }).where('org_id', '=', orgId).where('id', '=', id).execute();
    },
    async placementsToSync() {
      const rows = await db.selectFrom('lti_placements').select(['org_id', 'id']).where('lineitem_url', 'is not', null).orderBy('id').execute();
      return rows.map((r) => ({ orgId: r.org_id, id: r.id }));
    },
    async insertRegistrationLink(link) {
      await db.insertInto('lti_registration_links').values({ token_hash: link.tokenHash, org_id: link.orgId, expires_at: link.expiresAt, used_at: null }).execute();
    },
    async useRegistrationLink(tokenHash, at) {
      const row = await db.selectFrom('lti_registration_links').select(['org_id']).where('token_hash', '=', tokenHash).where('used_at', 'is', null).where('expires_at', '>', at).executeTakeFirst();
      if (!row) return undefined;
      const used = await db.updateTable('lti_registration_links').set({ used_at: at }).where('token_hash', '=', tokenHash).where('used_at', 'is', null).executeTakeFirst();
      return Number(used.numUpdatedRows) > 0 ? row.org_id : undefined;
    },
    async credentialFor(orgId, achievementId, email) {
      const r = await db.selectFrom('credentials').select(['id', 'status']).where('org_id', '=', orgId).where('achievement_id', '=', achievementId)
        // Addresses are sealed at rest: the blind index finds them.
        .where('recipient_type', '=', 'email').where('recipient_index', 'in', (await keys.keyring(db)).indexes('email', email)).orderBy('created_at', 'desc').executeTakeFirst();
      return r ? { id: r.id, status: r.status } : undefined;
    },
  };
}
