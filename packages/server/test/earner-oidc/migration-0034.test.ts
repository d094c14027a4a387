import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateStorage } from '../../src/adapters/storage/db.js';
import { migrationProvider } from '../../src/adapters/storage/migrations/index.js';
import { ENGINES, openTestStorage } from '../support/test-app.js';

const NAME = '2026-12-07_0034_earner_oidc_links';

/** Migration 0034 (earners' provider links) can be undone and done again: its down() drops what its up() made. */
describe.each(ENGINES)('migration 0034 earner OIDC links (%s)', (engine) => {
  let t: Awaited<ReturnType<typeof openTestStorage>>;
  beforeAll(async () => { t = await openTestStorage(engine); });
  afterAll(async () => { await t?.drop(); });

  it('goes down and up again', async () => {
    const db = t.storage.db;
    const schema = engine === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]!.s : undefined;
    const migrator = new Migrator({ db, provider: migrationProvider, ...(schema ? { migrationTableSchema: schema } : {}) });
    const names = Object.keys(await migrationProvider.getMigrations()).sort();
    const previous = names[names.indexOf(NAME) - 1]!;
    const down = await migrator.migrateTo(previous);
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => r.migrationName)).toContain(NAME);
    await expect(db.selectFrom('earner_oidc_links' as never).selectAll().execute()).rejects.toThrow();
    await expect(db.selectFrom('earner_oidc_pending' as never).selectAll().execute()).rejects.toThrow();
    expect(await migrateStorage(t.storage)).toContain(NAME);
    expect(await db.selectFrom('earner_oidc_links').selectAll().execute()).toEqual([]);
  });
});
