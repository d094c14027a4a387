import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationProvider } from '../../src/adapters/storage/migrations/index.js';
import { foldForSearch } from '../../src/domain/shared/search-text.js';
import { recipientKey } from '../../src/domain/recipients/recipient-key.js';
import { ENGINES, apiClient, createTestApp, minimalAchievement, minimalIssuer, setupOrganisation, type TestContext } from '../support/test-app.js';

/**
 * Migration 0012 fills the search text and recipient key of credentials issued before it, with frozen copies
 * of the rules: they must give what the application writes for new credentials, or search and the recipient
 * directory would miss older awards.
 */
describe.each(ENGINES)('migration 0012 backfills older credentials as the app writes new ones (%s)', (engine) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp(engine);
  });
  afterAll(async () => ctx?.close());

  it('gives the same folded text and key after down and up again', async () => {
    const api = apiClient(ctx.app, (await setupOrganisation(ctx.app)).apiKey);
    const issuerId = (await api.post('/api/v1/issuers', minimalIssuer)).json().id;
    const achievementId = (await api.post('/api/v1/achievements', minimalAchievement(issuerId))).json().id;
    for (const [email, name] of [['zoe@example.org', 'Zoë Œuvre-Straße'], ['plain@example.org', undefined]] as const) {
      expect((await api.post('/api/v1/credentials', { achievementId, recipient: { email, ...(name ? { name } : {}) } })).statusCode).toBe(201);
    }
    const read = () => ctx.storage.db.selectFrom('credentials').select(['id', 'org_id', 'recipient_type', 'recipient_identity', 'recipient_name', 'recipient_search', 'recipient_key']).orderBy('id').execute();
    const written = await read();
    for (const r of written) {
      expect(r.recipient_search).toBe(foldForSearch(`${r.recipient_name ?? ''}\n${r.recipient_identity}`));
      expect(r.recipient_key).toBe(recipientKey(r.org_id, r.recipient_type, r.recipient_identity));
    }

    const schema = engine === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(ctx.storage.db)).rows[0]!.s : undefined;
    const migrator = new Migrator({ db: ctx.storage.db, provider: migrationProvider, ...(schema ? { migrationTableSchema: schema } : {}) });
    // Back to the migration before (undoing any later ones too), then forward again.
    const down = await migrator.migrateTo('2026-12-06_0011_vc_api_status');
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => r.migrationName)).toContain('2026-12-07_0012_credential_history_and_recipients');
    const up = await migrator.migrateToLatest();
    expect(up.error).toBeUndefined();
    expect(await read()).toEqual(written);
  });
});
