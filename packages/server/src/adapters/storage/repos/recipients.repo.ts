import type { RecipientType } from '@laurel/core';
import { sql, type Kysely } from 'kysely';
import type { RecipientListQuery, RecipientRepo, RecipientSummary } from '../../../domain/recipients/ports.js';
import { foldForSearch } from '../../../domain/shared/search-text.js';
import { withKeys, type Keyring, type PersonalDataKeys } from '../personal-data.js';
import { sealContext } from '../sealed-columns.js';
import type { Database } from '../schema.js';
import { decodeCursor, encodeCursor } from './pagination.js';

const IDENTITY = sealContext('credentials', 'recipient_identity');
const NAME = sealContext('credentials', 'recipient_name');
/** Names are sealed, so the name order is made here, after opening them: up to this many recipients (docs/privacy.md). */
export const NAME_SORT_BOUND = 10_000;

/** One row per recipient; their address and a name are any of their credentials' sealed values (equal once opened). */
function grouped(db: Kysely<Database>, orgId: string) {
  return db
    .selectFrom('credentials')
    .select([
      'recipient_key',
      sql<string>`max(recipient_type)`.as('recipient_type'),
      sql<string>`max(recipient_identity)`.as('recipient_identity'),
      sql<string | null>`max(recipient_name)`.as('name'),
      sql<number | string>`count(*)`.as('credentials'),
      sql<string>`max(issued_on)`.as('latest'),
    ])
    .where('org_id', '=', orgId)
    .where('recipient_key', 'is not', null)
    .groupBy('recipient_key');
}

type Row = { recipient_key: string | null; recipient_type: string; recipient_identity: string; name: string | null; credentials: number | string; latest: string };

const toSummary = (k: Keyring) => (r: Row): RecipientSummary => ({
  key: r.recipient_key!,
  type: r.recipient_type as RecipientType,
  identity: k.open(r.recipient_identity, IDENTITY),
  name: k.openNullable(r.name, NAME),
  credentials: Number(r.credentials),
  latestIssuedOn: r.latest,
});

export function recipientRepo(db: Kysely<Database>, keys: PersonalDataKeys): RecipientRepo {
  const read = <T>(fn: (k: Keyring) => T) => withKeys(keys, db, fn);
  return {
    async list(orgId, q) {
      let qb = grouped(db, orgId);
      if (q.q) {
        // Whoever any credential names so (blind-index tokens); their count stays the count of all their credentials.
        const k = await keys.keyring(db);
        let matching = db.selectFrom('credentials').select('recipient_key').where('org_id', '=', orgId);
        const sets = k.queryTokenSets(q.q); // one per index key (two while it rotates); a row's tokens are all under one
        matching = matching.where((eb) => eb.or(sets.map((set) => eb.and(set.map((token) => eb('recipient_tokens', 'like', `% ${token} %`))))));
        qb = qb.where('recipient_key', 'in', matching);
      }
      if (q.sort === '-latestIssuedOn') {
        if (q.cursor) {
          const [value, key] = decodeCursor(q.cursor);
          qb = qb.having(sql<boolean>`(max(issued_on) < ${value} or (max(issued_on) = ${value} and recipient_key < ${key}))`);
        }
        const rows = await qb.orderBy(sql`max(issued_on) desc`).orderBy(sql`recipient_key desc`).limit(q.limit + 1).execute();
        const items = rows.slice(0, q.limit);
        const last = items[items.length - 1];
        return { items: await read((k) => items.map(toSummary(k))), nextCursor: rows.length > q.limit && last ? encodeCursor([last.latest, last.recipient_key!]) : undefined };
      }
      // By name: opened and ordered here (the cursor carries the last key, not the name).
      const rows = await qb.orderBy('recipient_key').limit(NAME_SORT_BOUND).execute();
      const all = await read((k) => rows.map(toSummary(k)));
      const sortKey = (r: RecipientSummary) => foldForSearch(r.name ?? r.identity);
      all.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      let start = 0;
      if (q.cursor) {
        const [, key] = decodeCursor(q.cursor);
        start = all.findIndex((r) => r.key === key) + 1;
      }
      const items = all.slice(start, start + q.limit);
      const last = items[items.length - 1];
      return { items, nextCursor: all.length > start + q.limit && last ? encodeCursor(['', last.key]) : undefined };
    },
    async find(orgId, key) {
      const r = await grouped(db, orgId).where('recipient_key', '=', key).executeTakeFirst();
      return r && read((k) => toSummary(k)(r));
    },
  };
}
