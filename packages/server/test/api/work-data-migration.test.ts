import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobRunner } from '../../src/adapters/jobs/job-runner.js';
import { aesGcmVault } from '../../src/adapters/keys/key-vault.js';
import { localKms } from '../../src/adapters/keys/kms.js';
import { migrationProviderWith } from '../../src/adapters/storage/migrations/index.js';
import { ENGINES, TEST_MASTER_KEY, apiClient, createTestApp, minimalIssuer, setupOrganisation, type TestContext } from '../support/test-app.js';

const ADDRESS = 'ada.lovelace@example.org';

/**
 * Migration 0037 seals jobs' `last_error` and `result` and migration imports' `items` and `results` written
 * before it; its down() opens them again. Down to plaintext and up again: sealed, and the store reads them.
 */
describe.each(ENGINES)('migration 0037 seals job errors and results and import items (%s)', (engine) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp(engine);
  });
  afterAll(async () => ctx?.close());

  it('down to plaintext (0037 undone) and up again: sealed, read back the same', async () => {
    const api = apiClient(ctx.app, (await setupOrganisation(ctx.app)).apiKey);
    const issuerId = (await api.post('/api/v1/issuers', minimalIssuer)).json().id;
    const started = await api.post('/api/v1/imports', { issuerId, source: 'csv', csv: `id,email,achievement,issued_on,name\nold-1,${ADDRESS},Old Badge,2020-01-01,Ada Lovelace\n` });
    expect(started.statusCode, started.body).toBe(202);
    const importId: string = started.json().id;
    const failing = await ctx.deps.store.jobs.enqueue({ name: 'test.refused', payload: {}, maxAttempts: 1 });
    const done = await ctx.deps.store.jobs.enqueue({ name: 'test.sent', payload: {} });
    const runner = createJobRunner({
      queue: ctx.deps.store.jobs,
      clock: ctx.deps.clock,
      handlers: [
        { name: 'test.refused', version: 1, handle: async () => Promise.reject(new Error(`550 <${ADDRESS}> unknown user`)) },
        { name: 'test.sent', version: 1, handle: async () => ({ to: ADDRESS }) },
      ],
    });
    await runner.runOnce();
    const raw = async () => ({
      jobs: await ctx.storage.db.selectFrom('jobs').select(['id', 'last_error', 'result']).where('id', 'in', [failing, done]).orderBy('id').execute(),
      imports: await ctx.storage.db.selectFrom('migration_imports').select(['items', 'results']).where('id', '=', importId).execute(),
    });
    const sealed = (v: string | null) => v === null || v.startsWith('pd1.');
    const before = await raw();
    expect(before.jobs.every((j) => sealed(j.last_error) && sealed(j.result))).toBe(true);
    expect(before.imports.every((m) => sealed(m.items) && sealed(m.results))).toBe(true);
    expect(JSON.stringify(before)).not.toContain(ADDRESS);

    const schema = engine === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(ctx.storage.db)).rows[0]!.s : undefined;
    const migrator = new Migrator({ db: ctx.storage.db, provider: migrationProviderWith({ kms: localKms(aesGcmVault(TEST_MASTER_KEY)) }), ...(schema ? { migrationTableSchema: schema } : {}) });
    expect((await migrator.migrateTo('2026-12-07_0035_account_data_encryption')).error).toBeUndefined();
    const plain = await raw();
    expect(plain.jobs.find((j) => j.id === failing)!.last_error).toContain(`<${ADDRESS}>`);
    expect(JSON.parse(plain.jobs.find((j) => j.id === done)!.result!)).toEqual({ to: ADDRESS });
    expect(JSON.parse(plain.imports[0]!.items)).toMatchObject([{ email: ADDRESS, name: 'Ada Lovelace' }]);

    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    const after = await raw();
    expect(after.jobs.every((j) => sealed(j.last_error) && sealed(j.result))).toBe(true);
    expect(after.imports.every((m) => sealed(m.items) && sealed(m.results))).toBe(true);
    expect(JSON.stringify(after)).not.toContain(ADDRESS);
    expect((await ctx.deps.store.jobs.get(failing))!.lastError).toBe(`550 <${ADDRESS}> unknown user`);
    expect((await ctx.deps.store.migrationImports.findForJob(importId))!.items).toMatchObject([{ email: ADDRESS, name: 'Ada Lovelace' }]);
  });
});
