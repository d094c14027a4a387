import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { ENGINES, openTestStorage } from '../../../test/support/test-app.js';
import type { Storage } from './db.js';
import { down, up } from './migrations/2026-12-07_0048_bulk_write_cost.js';

async function credentialIndexes(storage: Storage): Promise<string[]> {
  const rows =
    storage.engine === 'postgres'
      ? (await sql<{ name: string }>`select indexname as name from pg_indexes where tablename = 'credentials' and schemaname = current_schema()`.execute(storage.db)).rows
      : (await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'credentials'`.execute(storage.db)).rows;
  return rows.map((r) => r.name).sort();
}

/** PostgreSQL: the storage options of credential_documents (`toast_tuple_target=8160`); SQLite has none. */
async function documentOptions(storage: Storage): Promise<string[]> {
  if (storage.engine !== 'postgres') return [];
  const r = await sql<{ options: string[] | null }>`select reloptions as options from pg_class where oid = 'credential_documents'::regclass`.execute(storage.db);
  return r.rows[0]?.options ?? [];
}

describe.each(ENGINES)('migration 0048: cheaper writes per issue (%s)', (engine) => {
  it('drops credentials_recipient (keeps the blind-index look-ups indexed), keeps documents in their rows on PostgreSQL; down() undoes both', async () => {
    const { storage, drop } = await openTestStorage(engine);
    try {
      const after = await credentialIndexes(storage);
      expect(after).not.toContain('credentials_recipient');
      expect(after).toEqual(expect.arrayContaining(['credentials_org_recipient_index', 'credentials_org_recipient_key', 'credentials_issuer_status_index']));
      expect(await documentOptions(storage)).toEqual(engine === 'postgres' ? ['toast_tuple_target=8160'] : []);
      await down(storage.db);
      expect(await credentialIndexes(storage)).toContain('credentials_recipient');
      expect(await documentOptions(storage)).toEqual([]);
      await up(storage.db);
      // Twice is harmless (a rerun after a partial failure).
      await up(storage.db);
      expect(await credentialIndexes(storage)).toEqual(after);
      expect(await documentOptions(storage)).toEqual(engine === 'postgres' ? ['toast_tuple_target=8160'] : []);
    } finally {
      await drop();
    }
  });
});
