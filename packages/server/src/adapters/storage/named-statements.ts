import { createHash } from 'node:crypto';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

/**
 * Prepared statements for Kysely on PostgreSQL. Kysely sends every query unnamed, so PostgreSQL
 * parses and analyses its text each time; node-postgres prepares a query once per connection and
 * afterwards only binds and executes it when the query has a `name`. This pool hands Kysely clients
 * that name their statements after a hash of the SQL text. Only these are named:
 * - data statements (`select`, `insert`, `update`, `delete`, `with`), never DDL or transaction control;
 * - outside an explicit transaction (migrations run inside one, so they never prepare anything), where a
 *   statement refused by a stale prepared plan can simply be sent again;
 * - at most `perConnection` distinct statements on one connection (then the rest go unnamed), so a
 *   connection's prepared statements, here and in its server process, stay bounded.
 * A prepared statement whose result columns changed under it (a table altered by a migration, perhaps
 * run by another instance: `cached plan must not change result type`) is prepared again under a new
 * name and the statement sent once more; it failed before executing, so nothing ran twice.
 */
export interface NamedStatementOptions {
  /** Distinct statements prepared on one connection at most. */
  perConnection?: number;
}

const DATA_STATEMENT = /^\s*(select|insert|update|delete|with)\b/i;
const TRANSACTION_START = /^\s*(begin|start\s+transaction)\b/i;
const TRANSACTION_END = /^\s*(commit|rollback|end|abort)\s*(;\s*)?$/i;
/** SQLSTATE 0A000 with this message: PostgreSQL refuses to run a prepared plan whose result type changed. */
const STALE_RESULT_TYPE = 'cached plan must not change result type';
/** Texts whose name is remembered; past this the memo starts again (names are cheap to recompute). */
const MEMO_LIMIT = 2000;

interface Names {
  /** The current name for a SQL text. */
  of(text: string): string;
  /** The text's prepared statements went stale: later uses prepare it under a new name. */
  renew(text: string): void;
}

function statementNames(): Names {
  const memo = new Map<string, string>();
  const generation = new Map<string, number>();
  return {
    of(text) {
      let name = memo.get(text);
      if (name === undefined) {
        if (memo.size >= MEMO_LIMIT) memo.clear();
        name = `laurel_${createHash('sha256').update(text).digest('base64url').slice(0, 32)}_${generation.get(text) ?? 0}`;
        memo.set(text, name);
      }
      return name;
    },
    renew(text) {
      if (generation.size >= MEMO_LIMIT) generation.clear();
      generation.set(text, (generation.get(text) ?? 0) + 1);
      memo.delete(text);
    },
  };
}

function isStaleResultType(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e.code === '0A000' && (e.message ?? '').includes(STALE_RESULT_TYPE);
}

/** One pg client, naming its data statements outside transactions. */
function namingClient(client: pg.PoolClient, names: Names, perConnection: number): PostgresPoolClient {
  const prepared = new Set<string>();
  let inTransaction = false;
  const run = (text: string, values: unknown[]): Promise<pg.QueryResult> => {
    const name = names.of(text);
    if (!prepared.has(name)) {
      if (prepared.size >= perConnection) return client.query(text, values);
      prepared.add(name);
    }
    return client.query({ name, text, values });
  };
  const query = async (text: string, values: unknown[]): Promise<pg.QueryResult> => {
    if (TRANSACTION_START.test(text)) inTransaction = true;
    else if (TRANSACTION_END.test(text)) inTransaction = false;
    if (inTransaction || !DATA_STATEMENT.test(text)) return client.query(text, values);
    try {
      return await run(text, values);
    } catch (error) {
      if (!isStaleResultType(error)) throw error;
      names.renew(text);
      return run(text, values);
    }
  };
  return {
    // Kysely passes SQL text and parameters, or a cursor (streaming) which goes through untouched.
    query: ((textOrCursor: unknown, values?: readonly unknown[]) =>
      typeof textOrCursor === 'string' ? query(textOrCursor, (values ?? []) as unknown[]) : client.query(textOrCursor as never)) as unknown as PostgresPoolClient['query'],
    release: () => client.release(),
  };
}

/** A pool for Kysely's PostgresDialect whose clients prepare their statements (see above). */
export function namingStatements(pool: pg.Pool, options: NamedStatementOptions = {}): PostgresPool {
  const perConnection = options.perConnection ?? 256;
  const names = statementNames();
  const clients = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  return {
    async connect() {
      const client = await pool.connect();
      let named = clients.get(client);
      if (!named) {
        named = namingClient(client, names, perConnection);
        clients.set(client, named);
      }
      return named;
    },
    end: () => pool.end(),
  };
}
