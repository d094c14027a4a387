import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aesGcmVault } from '../../src/adapters/keys/key-vault.js';
import { localKms } from '../../src/adapters/keys/kms.js';
import { migrationProviderWith } from '../../src/adapters/storage/migrations/index.js';
import { foldForSearch } from '../../src/domain/shared/search-text.js';
import { recipientKey } from '../../src/domain/recipients/recipient-key.js';
import { buildApp } from '../../src/adapters/http/app.js';
import { assembleDeps } from '../../src/compose.js';
import { BASE_URL, ENGINES, TEST_MASTER_KEY, apiClient, createTestApp, minimalAchievement, minimalIssuer, setupOrganisation, type TestContext } from '../support/test-app.js';

/**
 * Migration 0030 seals the stored addresses and names (its down() opens them again); migration 0012 fills the
 * search text and recipient key of credentials issued before it with frozen copies of the rules. Going back
 * past both and forward again, the API reads, finds and groups the older awards as it does new ones.
 */
describe.each(ENGINES)('migrations 0012 and 0030 backfill and seal older credentials as the app writes new ones (%s)', (engine) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp(engine);
  });
  afterAll(async () => ctx?.close());

  it('down to plaintext (0030 undone), further down and up again: the same credentials, sealed, found the same way', async () => {
    const { apiKey, organisationId } = await setupOrganisation(ctx.app);
    await ctx.deps.store.optOuts.add(organisationId, 'zoe@example.org', new Date().toISOString());
    let api = apiClient(ctx.app, apiKey);
    const issuerId = (await api.post('/api/v1/issuers', minimalIssuer)).json().id;
    const achievementId = (await api.post('/api/v1/achievements', minimalAchievement(issuerId))).json().id;
    for (const [email, name] of [['zoe@example.org', 'Zoë Œuvre-Straße'], ['plain@example.org', undefined]] as const) {
      expect((await api.post('/api/v1/credentials', { achievementId, recipient: { email, ...(name ? { name } : {}) } })).statusCode).toBe(201);
    }
    const viaApi = async () => ({
      list: (await api.get('/api/v1/credentials')).json().items.map((c: { id: string; recipient: unknown; recipientKey: string }) => [c.id, c.recipient, c.recipientKey]),
      byAddress: (await api.get('/api/v1/credentials?recipient=zoe%40example.org')).json().items.length,
      byName: (await api.get('/api/v1/credentials?q=oeuvre')).json().items.length,
      recipients: (await api.get('/api/v1/recipients?sort=name')).json().items,
    });
    const before = await viaApi();
    expect(before).toMatchObject({ byAddress: 1, byName: 1 });
    expect(before.recipients.map((r: { name: string | null }) => r.name)).toEqual([null, 'Zoë Œuvre-Straße']);

    const schema = engine === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(ctx.storage.db)).rows[0]!.s : undefined;
    const migrator = new Migrator({ db: ctx.storage.db, provider: migrationProviderWith({ kms: localKms(aesGcmVault(TEST_MASTER_KEY)) }), ...(schema ? { migrationTableSchema: schema } : {}) });
    const down = await migrator.migrateTo('2026-12-07_0024_privacy_and_audit_chain');
    expect(down.error).toBeUndefined();
    // Plaintext again, with the folded search text 0012 defined.
    const plain = await sql<{ org_id: string; recipient_type: string; recipient_identity: string; recipient_name: string | null; recipient_search: string; recipient_key: string }>`select org_id, recipient_type, recipient_identity, recipient_name, recipient_search, recipient_key from credentials order by recipient_identity`.execute(ctx.storage.db);
    expect(plain.rows.map((r) => r.recipient_identity)).toEqual(['plain@example.org', 'zoe@example.org']);
    for (const r of plain.rows) {
      expect(r.recipient_search).toBe(foldForSearch(`${r.recipient_name ?? ''}\n${r.recipient_identity}`));
      expect(r.recipient_key).toBe(recipientKey(r.org_id, r.recipient_type, r.recipient_identity));
    }
    const optOuts = await sql<{ email: string }>`select email from email_opt_outs`.execute(ctx.storage.db);
    expect(optOuts.rows).toEqual([{ email: 'zoe@example.org' }]);
    // Further back (undoing 0012 too), then forward: 0012 backfills from plaintext, 0030 seals it.
    expect((await migrator.migrateTo('2026-12-06_0011_vc_api_status')).error).toBeUndefined();
    const up = await migrator.migrateToLatest();
    expect(up.error).toBeUndefined();
    const sealed = await ctx.storage.db.selectFrom('credentials').select(['recipient_identity', 'recipient_name']).execute();
    for (const r of sealed) expect(r.recipient_identity).toMatch(/^pd1\./);
    // The server restarts after migrating (the keys were made anew when 0030 ran again).
    const deps = assembleDeps({ storage: ctx.storage, baseUrl: BASE_URL, vault: aesGcmVault(TEST_MASTER_KEY), sessionTtlSeconds: 3600, mailer: ctx.deps.mailer, http: ctx.deps.http });
    const restarted = await buildApp(deps, { logger: false });
    try {
      api = apiClient(restarted, apiKey);
      expect(await viaApi()).toEqual(before);
      expect(await deps.store.optOuts.has(organisationId, 'zoe@example.org')).toBe(true);
    } finally {
      await restarted.close();
      await deps.untrusted.close();
    }
  });
});
