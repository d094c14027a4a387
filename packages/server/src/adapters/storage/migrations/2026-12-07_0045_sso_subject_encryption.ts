import type { Kysely, Migration } from 'kysely';
import { ensureKeyring, type Keyring } from '../personal-data.js';
import { sealContext } from '../sealed-columns.js';
import { needKms, type MigrationSecrets } from './2026-12-07_0030_personal_data_encryption.js';

/** The SSO tables whose `subject` this migration seals, each with the columns that name one row (frozen). */
const TABLES = [
  { table: 'sso_identities', key: ['connection_id'] }, // with `subject`: the old primary key
  { table: 'sso_sessions', key: ['session_id'] },
  { table: 'sso_pending_links', key: ['id'] },
] as const;

/** Frozen with this migration: the blind index of a subject (sealed-columns.ts `ssoSubjectIndex` computes the same). */
const subjectIndex = (ring: Keyring, subject: string) => ring.index('sso-subject', subject);

async function hasSubjects(db: Kysely<any>): Promise<boolean> {
  for (const t of TABLES) if (await db.selectFrom(t.table).select('subject').limit(1).executeTakeFirst()) return true;
  return false;
}

/**
 * The identity provider's subject sealed at rest (docs/privacy.md): a SAML NameID is often an address (format
 * emailAddress), an OIDC `sub` names a person at the provider. `sso_identities`, `sso_sessions` and `sso_pending_links`
 * get `subject_index` (keyed blind index) beside the subject, which is sealed in place under the organisation's key.
 * An identity stays unique per connection by a unique index on (connection_id, subject_index); the old primary key
 * (connection_id, subject) stays (random IVs: sealed values never collide; SQLite cannot drop a primary key without
 * rebuilding the table). Sessions are found by (connection_id, subject_index).
 */
export function ssoSubjectEncryption(secrets: MigrationSecrets): Migration {
  return {
    async up(db) {
      for (const t of TABLES) await db.schema.alterTable(t.table).addColumn('subject_index', 'text').execute();
      if (await hasSubjects(db)) {
        const ring = await ensureKeyring(db, needKms(secrets, 'encrypting the identity providers\' subjects'));
        for (const t of TABLES) {
          const context = sealContext(t.table, 'subject');
          for (;;) {
            const rows: Record<string, string>[] = await db.selectFrom(t.table).select([...t.key, 'subject', 'org_id']).where('subject_index', 'is', null).limit(500).execute();
            if (rows.length === 0) break;
            for (const row of rows) {
              let q = db.updateTable(t.table).set({ subject: ring.seal(row.subject!, context, row.org_id), subject_index: subjectIndex(ring, row.subject!) }).where('subject', '=', row.subject!);
              for (const k of t.key) q = q.where(k, '=', row[k]!);
              await q.execute();
            }
          }
        }
      }
      await db.schema.createIndex('sso_identities_subject_index').on('sso_identities').columns(['connection_id', 'subject_index']).unique().execute();
      await db.schema.dropIndex('sso_sessions_subject').execute();
      await db.schema.createIndex('sso_sessions_subject_index').on('sso_sessions').columns(['connection_id', 'subject_index']).execute();
    },
    async down(db) {
      await db.schema.dropIndex('sso_sessions_subject_index').execute();
      await db.schema.createIndex('sso_sessions_subject').on('sso_sessions').columns(['connection_id', 'subject']).execute();
      await db.schema.dropIndex('sso_identities_subject_index').execute();
      if (await hasSubjects(db)) {
        const ring = await ensureKeyring(db, needKms(secrets, 'decrypting the identity providers\' subjects'));
        for (const t of TABLES) {
          const context = sealContext(t.table, 'subject');
          for (;;) {
            const rows: Record<string, string>[] = await db.selectFrom(t.table).select([...t.key, 'subject']).where('subject_index', 'is not', null).limit(500).execute();
            if (rows.length === 0) break;
            for (const row of rows) {
              let q = db.updateTable(t.table).set({ subject: ring.open(row.subject!, context), subject_index: null }).where('subject', '=', row.subject!);
              for (const k of t.key) q = q.where(k, '=', row[k]!);
              await q.execute();
            }
          }
        }
      }
      for (const t of TABLES) await db.schema.alterTable(t.table).dropColumn('subject_index').execute();
    },
  };
}
