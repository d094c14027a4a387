import type { Kysely } from 'kysely';

/**
 * LTI 1.3 with LTI Advantage (issue 14, part 1):
 * - `lti_platforms`: an LMS registered by an organisation (issuer, client id, deployment ids, its OIDC login,
 *   JWKS and token URLs) with the tool's own RSA key for this registration, sealed by the key vault;
 * - `lti_launches`: one OIDC login initiation each: the state (also in the browser's cookie), the nonce the
 *   id_token must carry, consumed once; after a deep-linking launch, what the response needs;
 * - `lti_placements`: an achievement placed in a course by deep linking: the award rule that awards it,
 *   the score threshold, and the AGS line item and NRPS roster URLs learned from launches.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('lti_platforms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('deployment_ids', 'text', (c) => c.notNull()) // JSON array
    .addColumn('auth_login_url', 'text', (c) => c.notNull())
    .addColumn('jwks_url', 'text', (c) => c.notNull())
    .addColumn('token_url', 'text', (c) => c.notNull())
    .addColumn('tool_kid', 'text', (c) => c.notNull())
    .addColumn('tool_public_jwk', 'text', (c) => c.notNull())
    .addColumn('tool_private_jwk_sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('lti_platforms_org').on('lti_platforms').column('org_id').execute();
  await db.schema.createIndex('lti_platforms_org_iss_client').on('lti_platforms').columns(['org_id', 'issuer', 'client_id']).unique().execute();

  await db.schema
    .createTable('lti_launches')
    .addColumn('state', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('platform_id', 'text', (c) => c.notNull().references('lti_platforms.id').onDelete('cascade'))
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('consumed_at', 'text')
    .addColumn('deep_link', 'text') // JSON: return URL, data, deployment id, for the instructor's choice
    .execute();
  await db.schema.createIndex('lti_launches_platform_nonce').on('lti_launches').columns(['platform_id', 'nonce']).unique().execute();

  await db.schema
    .createTable('lti_placements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('platform_id', 'text', (c) => c.notNull().references('lti_platforms.id').onDelete('cascade'))
    .addColumn('achievement_id', 'text', (c) => c.notNull().references('achievements.id').onDelete('cascade'))
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('threshold', 'real', (c) => c.notNull())
    .addColumn('context_id', 'text')
    .addColumn('lineitem_url', 'text')
    .addColumn('memberships_url', 'text')
    .addColumn('last_synced_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('lti_placements_org').on('lti_placements').column('org_id').execute();

  // LTI Dynamic Registration: the link an administrator gives the LMS (its token hashed), used once.
  await db.schema
    .createTable('lti_registration_links')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['lti_registration_links', 'lti_placements', 'lti_launches', 'lti_platforms']) await db.schema.dropTable(t).execute();
}
