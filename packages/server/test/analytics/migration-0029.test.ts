import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateStorage } from '../../src/adapters/storage/db.js';
import { migrationProvider } from '../../src/adapters/storage/migrations/index.js';
import { ENGINES, openTestStorage } from '../support/test-app.js';

/** Migration 0029 (analytics) can be undone and done again: its down() drops what its up() made. */
describe.each(ENGINES)('migration 0029 analytics (%s)', (engine) => {
  let t: Awaited<ReturnType<typeof openTestStorage>>;
  beforeAll(async () => { t = await openTestStorage(engine); });
  afterAll(async () => { await t?.drop(); });

  it('goes down and up again', async () => {
    const db = t.storage.db;
    const schema = engine === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]!.s : undefined;
    const migrator = new Migrator({ db, provider: migrationProvider, ...(schema ? { migrationTableSchema: schema } : {}) });
    const down = await migrator.migrateDown();
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => [r.migrationName, r.status])).toEqual([['2026-12-07_0029_analytics', 'Success']]);
    await expect(db.selectFrom('analytics_daily' as never).selectAll().execute()).rejects.toThrow();
    expect(await migrateStorage(t.storage)).toEqual(['2026-12-07_0029_analytics']);
    expect(await db.selectFrom('analytics_daily').selectAll().execute()).toEqual([]);
  });
});
