import type { Kysely } from 'kysely';

/**
 * Counts the statements a database handle runs whose SQL contains `fragment` (compiled-once statements included: they
 * go through `executeQuery`), until `restore`. The handle the app's repositories were made with, e.g. `ctx.storage.db`.
 */
export function countStatements<DB>(db: Kysely<DB>, fragment: string): { readonly count: number; reset(): void; restore(): void } {
  let count = 0;
  const execute = db.executeQuery.bind(db);
  (db as { executeQuery: typeof db.executeQuery }).executeQuery = ((query: Parameters<typeof db.executeQuery>[0]) => {
    if ('sql' in query && query.sql.includes(fragment)) count++;
    return execute(query);
  }) as typeof db.executeQuery;
  return {
    get count() {
      return count;
    },
    reset: () => void (count = 0),
    restore: () => void delete (db as { executeQuery?: unknown }).executeQuery,
  };
}
