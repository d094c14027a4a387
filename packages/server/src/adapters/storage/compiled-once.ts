import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import type { Database } from './schema.js';

const MARK = '\u0000laurel-argument:';

type Slot<K> = { argument: K } | { constant: unknown };

/**
 * A query Kysely builds and compiles once per dialect (a database handle and its transactions share it:
 * the SQL text depends only on the dialect), then runs with new values. Building
 * and compiling a query costs the Node process more than PostgreSQL's own work for a primary-key
 * read, so the reads on the issue path are compiled once. `build` receives a marker for each
 * argument; each parameter of the compiled query that is a marker takes that argument's value,
 * and any other parameter (a constant of the query) keeps its value. An argument that does not end
 * up as a parameter of its own is refused when the query is first compiled.
 */
export function compiledOnce<K extends string, R>(
  names: readonly K[],
  build: (db: Kysely<Database>, args: Record<K, string>) => Compilable<R>,
): (db: Kysely<Database>, args: Record<K, unknown>) => Promise<R[]> {
  // Keyed by the dialect's adapter, which a transaction shares with its database handle; a handle
  // with plugins (they may rewrite the query) is compiled on every call instead.
  const compiled = new WeakMap<object, { sql: string; slots: Slot<K>[] }>();
  const compile = (db: Kysely<Database>, cache: boolean) => {
    const markers = Object.fromEntries(names.map((n) => [n, `${MARK}${n}`])) as Record<K, string>;
    const query = build(db, markers).compile();
    const slots = query.parameters.map((p): Slot<K> => (typeof p === 'string' && p.startsWith(MARK) ? { argument: p.slice(MARK.length) as K } : { constant: p }));
    const missing = names.filter((n) => !slots.some((s) => 'argument' in s && s.argument === n));
    if (missing.length > 0 || query.sql.includes(MARK)) throw new Error(`compiledOnce: arguments not bound as parameters: ${missing.join(', ') || 'a marker in the SQL text'}`);
    const entry = { sql: query.sql, slots };
    if (cache) compiled.set(db.getExecutor().adapter, entry);
    return entry;
  };
  return async (db, args) => {
    const executor = db.getExecutor();
    const cache = executor.plugins.length === 0;
    const { sql, slots } = (cache ? compiled.get(executor.adapter) : undefined) ?? compile(db, cache);
    const { rows } = await db.executeQuery<R>(CompiledQuery.raw(sql, slots.map((s) => ('argument' in s ? args[s.argument] : s.constant))));
    return rows;
  };
}
