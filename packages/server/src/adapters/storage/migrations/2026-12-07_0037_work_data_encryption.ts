import type { Kysely, Migration } from 'kysely';
import { ensureKeyring } from '../personal-data.js';
import { WORK_SEALED_COLUMNS, resealTable, sealContext } from '../sealed-columns.js';
import { needKms, type MigrationSecrets } from './2026-12-07_0030_personal_data_encryption.js';

async function hasWorkData(db: Kysely<any>): Promise<boolean> {
  for (const t of WORK_SEALED_COLUMNS) {
    if (await db.selectFrom(t.table).select(t.key).limit(1).executeTakeFirst()) return true;
  }
  return false;
}

/**
 * Work in progress sealed at rest (docs/privacy.md): a job's `last_error` (an SMTP refusal quotes the address it
 * refused) and `result`, a migration import's `items` (the former provider's awards: names, addresses) and
 * `results`, each sealed whole under the personal-data key. No schema change; `down()` opens them again.
 */
export function workDataEncryption(secrets: MigrationSecrets): Migration {
  return {
    async up(db) {
      if (!(await hasWorkData(db))) return;
      const ring = await ensureKeyring(db, needKms(secrets, 'encrypting job errors and import items'));
      for (const t of WORK_SEALED_COLUMNS) await resealTable(db, t, ring);
    },
    async down(db) {
      if (!(await hasWorkData(db))) return;
      const ring = await ensureKeyring(db, needKms(secrets, 'decrypting job errors and import items'));
      for (const t of WORK_SEALED_COLUMNS) {
        for (let after = ''; ; ) {
          const rows: Record<string, string | null>[] = await db.selectFrom(t.table).select([t.key, ...t.columns]).where(t.key, '>', after).orderBy(t.key).limit(500).execute();
          if (rows.length === 0) break;
          for (const row of rows) {
            const plain = Object.fromEntries(t.columns.map((c) => [c, ring.openNullable(row[c] ?? null, sealContext(t.table, c))]));
            await db.updateTable(t.table).set(plain).where(t.key, '=', row[t.key]).execute();
          }
          after = rows[rows.length - 1]![t.key]!;
        }
      }
    },
  };
}
