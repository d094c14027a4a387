import type { Kysely } from 'kysely';
import { SEALED_PREFIX, type Keyring } from './personal-data.js';

/** Recipients' sealed columns, by table and primary key (migration 0030 walks these; frozen: add new tables below). */
export const RECIPIENT_SEALED_COLUMNS = [
  { table: 'credentials', key: 'id', columns: ['recipient_identity', 'recipient_name'] },
  { table: 'claim_tokens', key: 'id', columns: ['email'] },
  { table: 'unsubscribe_tokens', key: 'id', columns: ['email'] },
  // The opt-out's `email` is the address's blind index (its primary key dedupes); the address itself is sealed beside it.
  { table: 'email_opt_outs', key: 'email', columns: ['email_sealed'] },
  // CSV uploads: the rows (names, addresses) and their results, each sealed whole as JSON.
  { table: 'bulk_imports', key: 'id', columns: ['rows', 'results'] },
  // Award by link: a pending e-mail confirmation's address and name (a redemption keeps only the address's blind index).
  { table: 'claim_code_confirmations', key: 'id', columns: ['email', 'name'] },
] as const;

/**
 * Accounts' sealed columns (migration 0035 walks these; frozen). Each is found by a blind index beside it:
 * `users.email_index`, `user_addresses.value_index`, `email_tokens.email_index`, `invitations.email_index`.
 */
export const ACCOUNT_SEALED_COLUMNS = [
  { table: 'users', key: 'id', columns: ['email', 'name'] },
  { table: 'user_addresses', key: 'id', columns: ['value'] },
  { table: 'email_tokens', key: 'id', columns: ['email'] },
  { table: 'invitations', key: 'id', columns: ['email'] },
  // Queued work's payload, whole (JSON): e-mail links and confirmations name the address.
  { table: 'jobs', key: 'id', columns: ['payload'] },
  // Award rules: the event's subject, and whom a rule awarded (`rule_awards.recipient_index` beside it).
  { table: 'inbound_events', key: 'id', columns: ['subject_email', 'subject_name'] },
  { table: 'rule_awards', key: 'id', columns: ['recipient_identity'] },
  // Earners' provider links: the address the provider gave.
  { table: 'earner_oidc_links', key: 'id', columns: ['email'] },
] as const;

/** Evidence files of awards: the file's name and its bytes (base64), read a few rows at a time (files are large). */
export const EVIDENCE_SEALED_COLUMNS = [
  { table: 'evidence_files', key: 'id', columns: ['name', 'content'], batch: 4 },
] as const;

/**
 * Work in progress that may quote personal data (migration 0037 walks these; frozen): a job's last error (an SMTP
 * refusal quotes the address) and result, a migration import's items (names, addresses) and results. Sealed whole.
 */
export const WORK_SEALED_COLUMNS = [
  { table: 'jobs', key: 'id', columns: ['last_error', 'result'] },
  { table: 'migration_imports', key: 'id', columns: ['items', 'results'] },
] as const;

/** A bulk award's per-row results (migration 0040): the row's address and its error. */
export const BULK_RESULT_SEALED_COLUMNS = [
  { table: 'bulk_import_results', key: 'id', columns: ['email', 'error'] },
] as const;

/**
 * Single sign-on (migration 0045): the identity provider's subject (SAML NameID, often an address; OIDC `sub`), found
 * by `subject_index` beside it. An identity has no single-column key: it is paged by its blind index (not unique
 * across connections; resealTable rewrites a row only if it still holds the sealed value read).
 */
export const SSO_SEALED_COLUMNS = [
  { table: 'sso_identities', key: 'subject_index', columns: ['subject'] },
  { table: 'sso_sessions', key: 'session_id', columns: ['subject'] },
  { table: 'sso_pending_links', key: 'id', columns: ['subject'] },
] as const;

/** Every column that holds sealed personal data (the rotation walks these). */
export const SEALED_COLUMNS = [...RECIPIENT_SEALED_COLUMNS, ...ACCOUNT_SEALED_COLUMNS, ...WORK_SEALED_COLUMNS, ...EVIDENCE_SEALED_COLUMNS, ...BULK_RESULT_SEALED_COLUMNS, ...SSO_SEALED_COLUMNS] as const;

export type SealedTable = (typeof SEALED_COLUMNS)[number];

/** The blind index of an account's address (users, e-mail tokens, invitations): case does not matter. */
export const accountEmailIndex = (ring: Keyring, email: string) => ring.index('email', email.trim().toLowerCase());
/** The blind indexes a lookup of an account's address accepts (two while the index key rotates). */
export const accountEmailIndexes = (ring: Keyring, email: string) => ring.indexes('email', email.trim().toLowerCase());

/** The blind index of an identity provider's subject (exact: OIDC `sub` and SAML NameID are compared as sent). */
export const ssoSubjectIndex = (ring: Keyring, subject: string) => ring.index('sso-subject', subject);
/** The blind indexes a lookup of a subject accepts (two while the index key rotates). */
export const ssoSubjectIndexes = (ring: Keyring, subject: string) => ring.indexes('sso-subject', subject);

/** The AES-GCM additional data of a column: a sealed value only opens in the column it was sealed for. */
export const sealContext = (table: string, column: string) => `${table}.${column}`;

/** True when `value` is plaintext or sealed with another key than `keyId` (it needs (re)sealing). */
export function needsSealing(value: string | null, keyId: string): boolean {
  if (value === null || value.startsWith('erased:')) return false;
  return !value.startsWith(`${SEALED_PREFIX}${keyId}.`);
}

/**
 * Sealed tables whose rows are an organisation's (`org_id`): their values go under that organisation's key
 * (`laurel keys rotate-data` moves them there). The others (accounts) stay under the shared key. A test checks that
 * every sealed table with an `org_id` column is listed here.
 */
export const ORG_SCOPED_TABLES: ReadonlySet<string> = new Set([
  'credentials', 'claim_tokens', 'unsubscribe_tokens', 'email_opt_outs', 'bulk_imports', 'claim_code_confirmations', 'invitations', 'jobs',
  'inbound_events', 'rule_awards', 'migration_imports', 'evidence_files', 'bulk_import_results',
  'sso_identities', 'sso_sessions', 'sso_pending_links',
]);
/** Whether a sealed table's rows carry `org_id` (their values go under that organisation's key). */
export const orgScoped = (table: string) => ORG_SCOPED_TABLES.has(table);

/**
 * Re-seal, in batches of `batch` rows by primary key, every value of `t` not sealed with the key its row's values
 * take now (the row's organisation's active key, or the shared one; plaintext included). Each row is rewritten
 * only if it still holds what was read (a concurrent write wins; the next pass sees it). Returns how many rows
 * were rewritten. `o.shared`: seal under the shared key whatever the row (the migrations before 0042 do).
 */
export async function resealTable(
  db: Kysely<any>,
  t: SealedTable,
  ring: Keyring,
  o: { batch?: number; alsoSelect?: string[]; shared?: boolean; extra?: (row: Record<string, string | null>, plain: Record<string, string | null>) => Record<string, string | null> } = {},
): Promise<number> {
  let changed = 0;
  const extra = o.extra;
  const withOrg = !o.shared && orgScoped(t.table);
  for (let after = ''; ; ) {
    const select = () => db.selectFrom(t.table).select([t.key, ...t.columns, ...(o.alsoSelect ?? []), ...(withOrg ? ['org_id'] : [])]);
    const size = Math.min(o.batch ?? 500, 'batch' in t ? t.batch : Infinity);
    const batch: Record<string, string | null>[] = await select().where(t.key, '>', after).orderBy(t.key).limit(size).execute();
    if (batch.length === 0) return changed;
    // A key that is not unique (the opt-outs' address index, one row per organisation): every row of the last key in this batch.
    const last = batch[batch.length - 1]![t.key]!;
    const rows = [...batch.filter((r) => r[t.key] !== last), ...(await select().where(t.key, '=', last).execute())];
    for (const row of rows) {
      const org = withOrg ? (row.org_id ?? null) : null;
      if (!t.columns.some((c) => needsSealing(row[c] ?? null, ring.activeKeyFor(org)))) continue;
      const plain = Object.fromEntries(t.columns.map((c) => [c, ring.openNullable(row[c] ?? null, sealContext(t.table, c))]));
      const set: Record<string, string | null> = Object.fromEntries(
        t.columns.map((c) => [c, plain[c] === null || plain[c]!.startsWith('erased:') ? plain[c] : ring.seal(plain[c]!, sealContext(t.table, c), org)]),
      );
      let q = db.updateTable(t.table).set({ ...set, ...(extra ? extra(row, plain) : {}) }).where(t.key, '=', row[t.key]);
      for (const c of t.columns) q = row[c] === null ? q.where(c, 'is', null) : q.where(c, '=', row[c]);
      const r = await q.executeTakeFirst();
      changed += Number(r.numUpdatedRows);
    }
    after = last;
  }
}

/** The data key a sealed value names (undefined: not sealed). */
export const keyIdOf = (value: string): string | undefined => (value.startsWith(SEALED_PREFIX) ? value.slice(SEALED_PREFIX.length).split('.')[0] : undefined);

/**
 * Every sealed column read once: which data keys the values name, and how many values are plaintext or sealed
 * with a key `isCurrent` refuses (a rotation's leftovers).
 */
export async function sealedKeyUsage(db: Kysely<any>, isCurrent: (keyId: string) => boolean, batch = 1000): Promise<{ inUse: Set<string>; stale: number }> {
  const inUse = new Set<string>();
  let stale = 0;
  for (const t of SEALED_COLUMNS) {
    for (let after = ''; ; ) {
      const rows: Record<string, string | null>[] = await db.selectFrom(t.table).select([t.key, ...t.columns]).where(t.key, '>', after).orderBy(t.key).limit(batch).execute();
      if (rows.length === 0) break;
      for (const r of rows) {
        for (const c of t.columns) {
          const v = r[c] ?? null;
          if (v === null || v.startsWith('erased:')) continue;
          const id = keyIdOf(v);
          if (id !== undefined) inUse.add(id);
          if (id === undefined || !isCurrent(id)) stale++;
        }
      }
      // A non-unique key (opt-outs): the rows of the last key are read again with the next batch's first; counted once is enough for `inUse`.
      const last = rows[rows.length - 1]![t.key]!;
      if (rows.length < batch) break;
      after = last;
    }
  }
  return { inUse, stale };
}

/** The organisation of a row of a table with an `org_id` (whose key seals its values), or null (none, or gone). */
export async function orgOfRow(db: Kysely<any>, table: string, id: string): Promise<string | null> {
  const r: { org_id: string | null } | undefined = await db.selectFrom(table).select('org_id').where('id', '=', id).executeTakeFirst();
  return r?.org_id ?? null;
}
