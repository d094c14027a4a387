import { sql, type Expression, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { AppError } from '../../../domain/shared/errors.js';
import type { Page } from '../../../domain/shared/ports.js';

/** A list's sort: a column (or expression) and a direction; `id` always breaks ties. */
export interface SortSpec {
  column: string;
  desc: boolean;
  /** Treat NULL as '' so keyset comparisons stay total. */
  nullable?: boolean;
}

export function sortSpec(sort: string, columns: Record<string, string>, nullable: string[] = []): SortSpec {
  const desc = sort.startsWith('-');
  const key = desc ? sort.slice(1) : sort;
  const column = columns[key];
  if (!column) throw new AppError('validation', `cannot sort by ${key}`, { fields: [{ path: '/sort', message: `unknown sort "${sort}"` }] });
  return { column, desc, nullable: nullable.includes(key) };
}

type CursorValue = string | number;

export function encodeCursor(values: CursorValue[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): [CursorValue, string] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && ['string', 'number'].includes(typeof parsed[0]) && typeof parsed[1] === 'string') {
      return [parsed[0] as CursorValue, parsed[1]];
    }
  } catch {
    // fall through
  }
  throw new AppError('validation', 'the cursor is not valid', { fields: [{ path: '/cursor', message: 'not a cursor this API issued' }] });
}

function sortExpr(spec: SortSpec): RawBuilder<unknown> {
  return spec.nullable ? sql`coalesce(${sql.ref(spec.column)}, '')` : sql`${sql.ref(spec.column)}`;
}

/**
 * Keyset pagination: order by (sort column, id), resume strictly after the cursor, fetch one extra
 * row to know whether another page exists. One query per page, whatever the page size.
 */
export async function paginate<DB, TB extends keyof DB, O extends { id: string }>(
  qb: SelectQueryBuilder<DB, TB, O>,
  spec: SortSpec,
  idColumn: string,
  page: { limit: number; cursor?: string | undefined },
  cursorValue: (row: O) => CursorValue,
): Promise<Page<O>> {
  const expr = sortExpr(spec);
  const dir = spec.desc ? sql`desc` : sql`asc`;
  let query = qb.orderBy(sql`${expr} ${dir}`).orderBy(sql`${sql.ref(idColumn)} ${dir}`);
  if (page.cursor) {
    const [value, id] = decodeCursor(page.cursor);
    const op = spec.desc ? sql`<` : sql`>`;
    const condition: Expression<SqlBool> = sql<SqlBool>`(${expr} ${op} ${value} or (${expr} = ${value} and ${sql.ref(idColumn)} ${op} ${id}))`;
    query = query.where(condition);
  }
  const rows = await query.limit(page.limit + 1).execute();
  const items = rows.slice(0, page.limit) as O[];
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > page.limit && last ? encodeCursor([cursorValue(last), last.id]) : undefined };
}

export const likePattern = (q: string): string => `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
