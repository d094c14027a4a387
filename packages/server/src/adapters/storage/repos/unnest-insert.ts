import { sql, type RawBuilder } from 'kysely';

/**
 * PostgreSQL column types other than `text` of the tables written many rows at a time (everything else is text).
 * A value of another JavaScript type in a column not named here is refused (a new column must be named, never
 * silently cast).
 */
export type ColumnTypes = Readonly<Record<string, 'int4' | 'int8' | 'float8' | 'bool'>>;

/**
 * PostgreSQL: `insert into <table> (<columns>) select * from unnest($1::text[], $2::int4[], …)`, one array
 * parameter per column whatever the number of rows. Against a multi-row `values` list (one parameter per cell):
 * the statement's text is the same for every number of rows (PostgreSQL parses and plans it as one small
 * statement, a prepared one is reused), and building it costs the same for 1 row or 500. A column some rows
 * leave out is written `null` for them (a column no row names keeps its default).
 */
export function unnestInsert(table: string, rows: ReadonlyArray<Readonly<Record<string, unknown>>>, types: ColumnTypes = {}): RawBuilder<unknown> {
  if (rows.length === 0) throw new Error(`no rows to insert into ${table}`);
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const arrays = columns.map((column) => {
    const type = types[column];
    const values = rows.map((r) => r[column] ?? null);
    if (type === undefined && values.some((v) => v !== null && typeof v !== 'string')) throw new Error(`${table}.${column} is not text: name its type`);
    return sql`${sql.val(values)}::${sql.raw(type ?? 'text')}[]`;
  });
  return sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))}) select * from unnest(${sql.join(arrays)})`;
}
