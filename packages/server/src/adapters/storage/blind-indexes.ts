import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Keyring } from './personal-data.js';
import { accountEmailIndex, sealContext, ssoSubjectIndex } from './sealed-columns.js';

type Row = Record<string, string | null>;

/**
 * A table whose rows carry a keyed blind index (personal-data.ts), and how to compute it again from the row's
 * sealed plaintext: `laurel keys rotate-index` walks these. Add a table here when a repository starts writing
 * `ring.index(…)` into it (a test checks that every `*_index` column is listed).
 */
export interface BlindIndexed {
  table: string;
  /** The unique key the walk pages by and updates by (result names; `select` may qualify them). */
  key: readonly string[];
  /** How `select` names the key columns in its WHERE / ORDER BY (qualified when it joins). */
  keyRefs?: readonly string[];
  /** The blind-index columns this entry writes. */
  columns: readonly string[];
  /** Selects the key, the index columns and the sealed sources. */
  select(db: Kysely<any>): SelectQueryBuilder<any, any, Row>;
  /** Result columns that are sealed, with the seal context of the column they come from. */
  sealed: Readonly<Record<string, string>>;
  /** The index columns as they are under `ring`'s active index key; undefined: nothing to index from (erased). */
  indexes(ring: Keyring, row: Row): Row | undefined;
  /** A re-indexed row meets a unique index: `delete` when the other row says the same thing (an opt-out twice). */
  onCollision: 'delete' | 'keep';
}

const email = (table: string, column = 'email', index = 'email_index'): BlindIndexed => ({
  table,
  key: ['id'],
  columns: [index],
  select: (db) => db.selectFrom(table).select(['id', column, index]),
  sealed: { [column]: sealContext(table, column) },
  indexes: (ring, row) => ({ [index]: accountEmailIndex(ring, row[column]!) }),
  onCollision: 'keep',
});

const erased = (identity: string | null) => identity === null || identity.startsWith('erased:');

export const BLIND_INDEXED: readonly BlindIndexed[] = [
  {
    table: 'credentials',
    key: ['id'],
    columns: ['recipient_index', 'recipient_tokens'],
    select: (db) => db.selectFrom('credentials').select(['id', 'recipient_type', 'recipient_identity', 'recipient_name', 'recipient_index', 'recipient_tokens']),
    sealed: { recipient_identity: sealContext('credentials', 'recipient_identity'), recipient_name: sealContext('credentials', 'recipient_name') },
    indexes: (ring, row) =>
      erased(row.recipient_identity) ? undefined : { recipient_index: ring.index(String(row.recipient_type ?? ''), row.recipient_identity!), recipient_tokens: ring.searchTokens(row.recipient_name, row.recipient_identity!) },
    onCollision: 'keep',
  },
  {
    table: 'unsubscribe_tokens',
    key: ['id'],
    columns: ['email_index'],
    select: (db) => db.selectFrom('unsubscribe_tokens').select(['id', 'email', 'email_index']),
    sealed: { email: sealContext('unsubscribe_tokens', 'email') },
    indexes: (ring, row) => ({ email_index: ring.index('email', row.email!) }),
    onCollision: 'keep',
  },
  {
    // The opt-out's primary key is the address's blind index (`email`) and the organisation.
    table: 'email_opt_outs',
    key: ['org_id', 'email'],
    columns: ['email'],
    select: (db) => db.selectFrom('email_opt_outs').select(['org_id', 'email', 'email_sealed']),
    sealed: { email_sealed: sealContext('email_opt_outs', 'email_sealed') },
    indexes: (ring, row) => (row.email_sealed === null ? undefined : { email: ring.index('email', row.email_sealed) }),
    onCollision: 'delete',
  },
  email('users'),
  {
    table: 'user_addresses',
    key: ['id'],
    columns: ['value_index'],
    select: (db) => db.selectFrom('user_addresses').select(['id', 'type', 'value', 'value_index']),
    sealed: { value: sealContext('user_addresses', 'value') },
    indexes: (ring, row) => ({ value_index: ring.index(String(row.type), row.value!) }),
    onCollision: 'keep',
  },
  email('email_tokens'),
  email('invitations'),
  email('rule_awards', 'recipient_identity', 'recipient_index'),
  {
    // A redemption keeps only the address's index; the address is its credential's recipient (gone once erased).
    table: 'claim_code_redemptions',
    key: ['id'],
    keyRefs: ['r.id'],
    columns: ['email'],
    select: (db) =>
      db.selectFrom('claim_code_redemptions as r').innerJoin('credentials as c', 'c.id', 'r.credential_id').select(['r.id as id', 'r.email as email', 'c.recipient_type as recipient_type', 'c.recipient_identity as recipient_identity']),
    sealed: { recipient_identity: sealContext('credentials', 'recipient_identity') },
    indexes: (ring, row) => (erased(row.recipient_identity) || row.recipient_type !== 'email' ? undefined : { email: ring.index('email', row.recipient_identity!) }),
    onCollision: 'delete',
  },
  {
    // A bulk award's per-row results (migration 0040): the row's address, sealed.
    table: 'bulk_import_results',
    key: ['id'],
    columns: ['email_index'],
    select: (db) => db.selectFrom('bulk_import_results').select(['id', 'email', 'email_index']),
    sealed: { email: sealContext('bulk_import_results', 'email') },
    // An erased row holds the erasure's marker (no address): nothing to index.
    indexes: (ring, row) => (row.email === null || !row.email.includes('@') ? undefined : { email_index: ring.index('email', row.email) }),
    onCollision: 'keep',
  },
  // Single sign-on (migration 0045): the identity provider's subject, sealed beside its index.
  ...(['sso_sessions', 'sso_pending_links', 'sso_identities'] as const).map((table): BlindIndexed => {
    const key = table === 'sso_identities' ? ['connection_id', 'subject_index'] : [table === 'sso_sessions' ? 'session_id' : 'id'];
    return {
      table,
      key,
      columns: ['subject_index'],
      select: (db) => db.selectFrom(table).select([...new Set([...key, 'subject', 'subject_index'])]),
      sealed: { subject: sealContext(table, 'subject') },
      indexes: (ring, row) => ({ subject_index: ssoSubjectIndex(ring, row.subject!) }),
      onCollision: 'keep',
    };
  }),
];

/** PostgreSQL 23505 or SQLite's unique / primary key constraint. */
const isUniqueViolation = (error: unknown) => {
  const e = error as { code?: string };
  return e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
};

export interface ReindexCount {
  /** Rows whose index columns were (or, checking, would be) rewritten. */
  changed: number;
  /** Rows that could not be rewritten (a unique index held another row with the same index): run again. */
  stuck: number;
}

/**
 * Compute every row's blind index again under the keyring's active index key, in batches by key. A row is
 * rewritten only if it still holds the index values read (a concurrent write wins; the next pass sees it).
 * `check`: count what would change, write nothing.
 */
export async function reindexTable(db: Kysely<any>, t: BlindIndexed, ring: Keyring, o: { batch?: number; check?: boolean } = {}): Promise<ReindexCount> {
  const count: ReindexCount = { changed: 0, stuck: 0 };
  const refs = t.keyRefs ?? t.key;
  let after: Row | undefined;
  for (;;) {
    let q = t.select(db);
    if (after) {
      const last = after;
      // Keyset paging on the (possibly composite) key: (k1 > a) or (k1 = a and k2 > b) …
      q = q.where((eb) => eb.or(refs.map((ref, i) => eb.and([...refs.slice(0, i).map((r, j) => eb(r, '=', last[t.key[j]!])), eb(ref, '>', last[t.key[i]!])]))));
    }
    for (const ref of refs) q = q.orderBy(ref);
    const rows = await q.limit(o.batch ?? 500).execute();
    if (rows.length === 0) return count;
    for (const row of rows) {
      const plain: Row = { ...row };
      for (const [column, context] of Object.entries(t.sealed)) plain[column] = ring.openNullable(row[column] ?? null, context);
      const next = t.indexes(ring, plain);
      if (!next || t.columns.every((c) => next[c] === row[c])) continue;
      count.changed++;
      if (o.check) continue;
      let update = db.updateTable(t.table).set(next);
      for (const k of t.key) update = update.where(k, '=', row[k]);
      for (const c of t.columns) update = row[c] === null ? update.where(c, 'is', null) : update.where(c, '=', row[c]);
      try {
        await update.executeTakeFirst();
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        // Another row already holds this index under the new key: the same fact twice, or a conflict to leave.
        if (t.onCollision === 'delete') {
          let remove = db.deleteFrom(t.table);
          for (const k of t.key) remove = remove.where(k, '=', row[k]);
          await remove.execute();
        } else count.stuck++;
      }
    }
    after = rows[rows.length - 1];
  }
}
