import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** The part of better-sqlite3's statement used here: Kysely's, and whether an iteration holds it. */
interface Statement extends SqliteStatement {
  readonly busy: boolean;
}

interface Database {
  close(): void;
  prepare(sql: string): Statement;
}

/**
 * Prepared statements for Kysely on SQLite. Kysely's SQLite driver prepares every query afresh, and
 * compiling a statement (its table, columns, indexes, foreign keys and triggers) cost more than running
 * it on the issue path: about half a millisecond of the main thread per issue for its dozen statements.
 * This keeps the last `max` statements by their SQL text and hands them out again. SQLite re-prepares a
 * statement by itself when the schema changed under it (a migration), so a kept statement never runs a
 * stale plan; one still being iterated (a streamed query) is not handed out twice: that use prepares its own.
 */
export function keepingStatements(database: Database, max = 256): SqliteDatabase {
  const kept = new Map<string, Statement>();
  return {
    close: () => {
      kept.clear();
      database.close();
    },
    prepare(sql) {
      const statement = kept.get(sql);
      if (statement) {
        if (statement.busy) return database.prepare(sql);
        // Most recently used last: the first is the one to drop.
        kept.delete(sql);
        kept.set(sql, statement);
        return statement;
      }
      const fresh = database.prepare(sql);
      if (kept.size >= max) kept.delete(kept.keys().next().value!);
      kept.set(sql, fresh);
      return fresh;
    },
  };
}
