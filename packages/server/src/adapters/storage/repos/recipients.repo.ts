import type { RecipientType } from '@laurel/core';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { RecipientListQuery, RecipientRepo, RecipientSummary } from '../../../domain/recipients/ports.js';
import type { Database } from '../schema.js';
import { decodeCursor, encodeCursor, likePattern } from './pagination.js';

/** Each sort: the aggregate it orders by (computed per recipient) and its direction; the key breaks ties. */
const SORTS: Record<RecipientListQuery['sort'], { expr: RawBuilder<string>; desc: boolean }> = {
  name: { expr: sql<string>`coalesce(max(recipient_name), recipient_identity)`, desc: false },
  '-latestIssuedOn': { expr: sql<string>`max(issued_on)`, desc: true },
};

function grouped(db: Kysely<Database>, orgId: string, sortExpr: RawBuilder<string>) {
  return db
    .selectFrom('credentials')
    .select([
      'recipient_key',
      'recipient_type',
      'recipient_identity',
      sql<string | null>`max(recipient_name)`.as('name'),
      sql<number | string>`count(*)`.as('credentials'),
      sql<string>`max(issued_on)`.as('latest'),
      sortExpr.as('sort_value'),
    ])
    .where('org_id', '=', orgId)
    .where('recipient_key', 'is not', null)
    .groupBy(['recipient_key', 'recipient_type', 'recipient_identity']);
}

type Row = { recipient_key: string | null; recipient_type: string; recipient_identity: string; name: string | null; credentials: number | string; latest: string };

const toSummary = (r: Row): RecipientSummary => ({
  key: r.recipient_key!,
  type: r.recipient_type as RecipientType,
  identity: r.recipient_identity,
  name: r.name,
  credentials: Number(r.credentials),
  latestIssuedOn: r.latest,
});

export function recipientRepo(db: Kysely<Database>): RecipientRepo {
  return {
    async list(orgId, q) {
      const sort = SORTS[q.sort];
      let qb = grouped(db, orgId, sort.expr);
      if (q.q) {
        const p = likePattern(q.q);
        // Whoever any credential names so; their count stays the count of all their credentials.
        qb = qb.where('recipient_key', 'in', db.selectFrom('credentials').select('recipient_key').where('org_id', '=', orgId).where(sql<boolean>`recipient_search like ${p} escape '\\'`));
      }
      if (q.cursor) {
        const [value, key] = decodeCursor(q.cursor);
        const op = sort.desc ? sql`<` : sql`>`;
        qb = qb.having(sql<boolean>`(${sort.expr} ${op} ${value} or (${sort.expr} = ${value} and recipient_key ${op} ${key}))`);
      }
      const dir = sort.desc ? sql`desc` : sql`asc`;
      const rows = await qb.orderBy(sql`${sort.expr} ${dir}`).orderBy(sql`recipient_key ${dir}`).limit(q.limit + 1).execute();
      const items = rows.slice(0, q.limit);
      const last = items[items.length - 1];
      return { items: items.map(toSummary), nextCursor: rows.length > q.limit && last ? encodeCursor([last.sort_value, last.recipient_key!]) : undefined };
    },
    async find(orgId, key) {
      const r = await grouped(db, orgId, SORTS.name.expr).where('recipient_key', '=', key).executeTakeFirst();
      return r && toSummary(r);
    },
  };
}
