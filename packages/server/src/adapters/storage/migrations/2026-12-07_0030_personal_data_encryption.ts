import { type Kysely, type Migration } from 'kysely';
import { foldForSearch } from '../../../domain/shared/search-text.js';
import type { Kms } from '../../keys/kms.js';
import { ensureKeyring } from '../personal-data.js';
import { RECIPIENT_SEALED_COLUMNS as SEALED_COLUMNS, resealTable, sealContext } from '../sealed-columns.js';

/** What migrations that touch sealed data need: the KMS (the master key). */
export interface MigrationSecrets {
  kms?: Kms | undefined;
}

async function hasPersonalData(db: Kysely<any>): Promise<boolean> {
  for (const t of SEALED_COLUMNS) {
    const r = await db.selectFrom(t.table).select(t.key).limit(1).executeTakeFirst();
    if (r) return true;
  }
  return false;
}

export function needKms(secrets: MigrationSecrets, what: string): Kms {
  if (!secrets.kms) throw new Error(`${what} needs the master key (LAUREL_MASTER_KEY, LAUREL_MASTER_KEY_FILE or <data dir>/master.key)`);
  return secrets.kms;
}

/**
 * Personal data encrypted at rest (docs/privacy.md): the data-key table; recipients' addresses and names
 * and claim e-mails sealed under the first data key; the plain folded search column replaced by a keyed
 * blind index of the identity (exact lookup) and of the name's words and prefixes (search).
 */
export function personalDataEncryption(secrets: MigrationSecrets): Migration {
  return {
    async up(db) {
      await db.schema
        .createTable('data_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('purpose', 'text', (c) => c.notNull()) // 'personal-data' | 'blind-index'
        .addColumn('wrapped', 'text', (c) => c.notNull())
        .addColumn('kms', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull()) // 'active' | 'previous' | 'retired'
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('retired_at', 'text')
        .execute();
      await db.schema.alterTable('credentials').addColumn('recipient_index', 'text').execute();
      await db.schema.alterTable('credentials').addColumn('recipient_tokens', 'text').execute();
      await db.schema.alterTable('unsubscribe_tokens').addColumn('email_index', 'text').execute();
      await db.schema.alterTable('email_opt_outs').addColumn('email_sealed', 'text').execute();
      if (await hasPersonalData(db)) {
        const ring = await ensureKeyring(db, needKms(secrets, 'encrypting the stored personal data'));
        const [credentials, claims, unsubscribes, optOuts, bulkImports] = SEALED_COLUMNS;
        await resealTable(db, credentials, ring, {
          alsoSelect: ['recipient_type'],
          extra: (row, plain) => ({
            recipient_index: plain.recipient_identity!.startsWith('erased:') ? null : ring.index(String(row.recipient_type ?? ''), plain.recipient_identity!),
            recipient_tokens: plain.recipient_identity!.startsWith('erased:') ? null : ring.searchTokens(plain.recipient_name ?? null, plain.recipient_identity!),
          }),
        });
        await resealTable(db, claims, ring);
        await resealTable(db, unsubscribes, ring, { extra: (_row, plain) => ({ email_index: ring.index('email', plain.email!) }) });
        // Opt-outs: the address moves to `email_sealed`, `email` becomes its blind index.
        await db.updateTable('email_opt_outs').set((eb) => ({ email_sealed: eb.ref('email') })).execute();
        await resealTable(db, optOuts, ring, { extra: (_row, plain) => ({ email: ring.index('email', plain.email_sealed!) }) });
        await resealTable(db, bulkImports, ring);
      }
      await db.schema.alterTable('credentials').dropColumn('recipient_search').execute();
      await db.schema.createIndex('credentials_org_recipient_index').on('credentials').columns(['org_id', 'recipient_index']).execute();
    },
    async down(db) {
      await db.schema.alterTable('credentials').addColumn('recipient_search', 'text').execute();
      if (await hasPersonalData(db)) {
        const ring = await ensureKeyring(db, needKms(secrets, 'decrypting the stored personal data'));
        for (const t of SEALED_COLUMNS) {
          for (let after = ''; ; ) {
            const rows: Record<string, string | null>[] = await db.selectFrom(t.table).select([t.key, ...t.columns]).where(t.key, '>', after).orderBy(t.key).limit(500).execute();
            if (rows.length === 0) break;
            for (const row of rows) {
              const plain = Object.fromEntries(t.columns.map((c) => [c, ring.openNullable(row[c] ?? null, sealContext(t.table, c))]));
              const search = t.table === 'credentials' ? { recipient_search: plain.recipient_identity?.startsWith('erased:') ? null : foldForSearch(`${plain.recipient_name ?? ''}\n${plain.recipient_identity}`) } : {};
              await db.updateTable(t.table).set({ ...plain, ...search }).where(t.key, '=', row[t.key]).execute();
            }
            after = rows[rows.length - 1]![t.key]!;
          }
        }
      }
      await db.updateTable('email_opt_outs').set((eb) => ({ email: eb.ref('email_sealed') })).where('email_sealed', 'is not', null).execute();
      await db.schema.alterTable('email_opt_outs').dropColumn('email_sealed').execute();
      await db.schema.alterTable('unsubscribe_tokens').dropColumn('email_index').execute();
      await db.schema.dropIndex('credentials_org_recipient_index').execute();
      await db.schema.alterTable('credentials').dropColumn('recipient_tokens').execute();
      await db.schema.alterTable('credentials').dropColumn('recipient_index').execute();
      await db.schema.dropTable('data_keys').execute();
    },
  };
}
