import type { Kysely, Migration } from 'kysely';
import { ensureKeyring } from '../personal-data.js';
import { ACCOUNT_SEALED_COLUMNS, accountEmailIndex, resealTable, sealContext } from '../sealed-columns.js';
import { needKms, type MigrationSecrets } from './2026-12-07_0030_personal_data_encryption.js';

/** The blind-index column beside each sealed account table (frozen with this migration). */
const INDEX_COLUMN = { users: 'email_index', user_addresses: 'value_index', email_tokens: 'email_index', invitations: 'email_index', rule_awards: 'recipient_index' } as const;
const INDEXED = ['users', 'user_addresses', 'email_tokens', 'invitations', 'rule_awards'] as const;

async function hasAccountData(db: Kysely<any>): Promise<boolean> {
  for (const t of ACCOUNT_SEALED_COLUMNS) {
    if (await db.selectFrom(t.table).select(t.key).limit(1).executeTakeFirst()) return true;
  }
  return false;
}

/**
 * Account data encrypted at rest (docs/privacy.md): accounts' e-mail addresses and names, their other
 * addresses, the addresses e-mail links and invitations were sent to are sealed under the personal-data key,
 * each with a keyed blind index beside it for exact lookups (sign-in by address, an address's one account,
 * an account's links and invitations). Queued jobs' payloads (which name addresses) are sealed whole. The unique constraints that held the plaintext (`users.email`,
 * `user_addresses (type, value)`) stay (random IVs: sealed values never collide); uniqueness is now kept
 * by unique indexes on the blind indexes.
 */
export function accountDataEncryption(secrets: MigrationSecrets): Migration {
  return {
    async up(db) {
      for (const table of INDEXED) await db.schema.alterTable(table).addColumn(INDEX_COLUMN[table], 'text').execute();
      if (await hasAccountData(db)) {
        const ring = await ensureKeyring(db, needKms(secrets, 'encrypting the stored account data'));
        const [users, addresses, emailTokens, invitations, jobs, inboundEvents, ruleAwards] = ACCOUNT_SEALED_COLUMNS;
        const byEmail = (column: string, into = 'email_index') => (_row: Record<string, string | null>, plain: Record<string, string | null>) => ({ [into]: accountEmailIndex(ring, plain[column]!) });
        await resealTable(db, users, ring, { extra: byEmail('email') });
        // An address's index is the credentials' recipient index for that type and value.
        await resealTable(db, addresses, ring, { alsoSelect: ['type'], extra: (row, plain) => ({ value_index: ring.index(String(row.type), plain.value!) }) });
        await resealTable(db, emailTokens, ring, { extra: byEmail('email') });
        await resealTable(db, invitations, ring, { extra: byEmail('email') });
        await resealTable(db, jobs, ring);
        await resealTable(db, inboundEvents, ring);
        await resealTable(db, ruleAwards, ring, { extra: byEmail('recipient_identity', 'recipient_index') });
      }
      await db.schema.createIndex('users_email_index').on('users').column('email_index').unique().execute();
      await db.schema.createIndex('user_addresses_type_value_index').on('user_addresses').columns(['type', 'value_index']).unique().execute();
      await db.schema.createIndex('email_tokens_email_index').on('email_tokens').column('email_index').execute();
      await db.schema.dropIndex('invitations_org_email').execute();
      await db.schema.createIndex('invitations_org_email_index').on('invitations').columns(['org_id', 'email_index']).execute();
      await db.schema.dropIndex('rule_awards_once_per_event').execute();
      await db.schema.createIndex('rule_awards_once_per_event_index').on('rule_awards').columns(['org_id', 'rule_id', 'event_id', 'recipient_index']).unique().execute();
    },
    async down(db) {
      await db.schema.dropIndex('rule_awards_once_per_event_index').execute();
      await db.schema.createIndex('rule_awards_once_per_event').on('rule_awards').columns(['org_id', 'rule_id', 'event_id', 'recipient_identity']).unique().execute();
      await db.schema.dropIndex('invitations_org_email_index').execute();
      await db.schema.createIndex('invitations_org_email').on('invitations').columns(['org_id', 'email']).execute();
      await db.schema.dropIndex('email_tokens_email_index').execute();
      await db.schema.dropIndex('user_addresses_type_value_index').execute();
      await db.schema.dropIndex('users_email_index').execute();
      if (await hasAccountData(db)) {
        const ring = await ensureKeyring(db, needKms(secrets, 'decrypting the stored account data'));
        for (const t of ACCOUNT_SEALED_COLUMNS) {
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
      }
      for (const table of INDEXED) await db.schema.alterTable(table).dropColumn(INDEX_COLUMN[table]).execute();
    },
  };
}
