import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { ENGINES, openTestStorage } from '../../../test/support/test-app.js';
import type { Storage } from './db.js';
import { down, up } from './migrations/2026-12-07_0048_drop_sealed_recipient_index.js';

async function credentialIndexes(storage: Storage): Promise<string[]> {
  const rows =
    storage.engine === 'postgres'
      ? (await sql<{ name: string }>`select indexname as name from pg_indexes where tablename = 'credentials' and schemaname = current_schema()`.execute(storage.db)).rows
      : (await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'credentials'`.execute(storage.db)).rows;
  return rows.map((r) => r.name).sort();
}

describe.each(ENGINES)('migration 0048: the index of sealed recipient identities is gone (%s)', (engine) => {
  it('drops credentials_recipient and keeps the blind-index look-ups indexed; down() puts it back', async () => {
    const { storage, drop } = await openTestStorage(engine);
    try {
      const after = await credentialIndexes(storage);
      expect(after).not.toContain('credentials_recipient');
      expect(after).toEqual(expect.arrayContaining(['credentials_org_recipient_index', 'credentials_org_recipient_key', 'credentials_issuer_status_index']));
      await down(storage.db);
      expect(await credentialIndexes(storage)).toContain('credentials_recipient');
      await up(storage.db);
      // Twice is harmless (a rerun after a partial failure).
      await up(storage.db);
      expect(await credentialIndexes(storage)).toEqual(after);
    } finally {
      await drop();
    }
  });
});
