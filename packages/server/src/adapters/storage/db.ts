import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { migrationProvider, migrationProviderWith } from './migrations/index.js';
import type { Kms } from '../keys/kms.js';
import { namingStatements } from './named-statements.js';
import { keepingStatements } from './sqlite-statements.js';
import type { Database } from './schema.js';

export type Engine = 'sqlite' | 'postgres';

/** WAL pages after which SQLite checkpoints (see openStorage). */
export const SQLITE_WAL_CHECKPOINT_PAGES = 10_000;

export interface StorageOptions {
  /** PostgreSQL connection string; when absent the embedded SQLite file is used. */
  databaseUrl?: string | undefined;
  /** SQLite database file (`:memory:` allowed). */
  sqliteFile?: string | undefined;
  /** SQLite: open an in-memory database from these bytes (`Storage.serialize`), not `sqliteFile`; tests copy a migrated image. */
  sqliteImage?: Buffer | undefined;
  /** PostgreSQL schema to use (created if missing); tests use one per run. */
  pgSchema?: string | undefined;
  /** PostgreSQL settings for every connection (`-c name=value`); names and values are plain words. */
  pgSettings?: Record<string, string> | undefined;
  poolSize?: number | undefined;
  /**
   * PostgreSQL: prepare data statements once per connection (default true). Turn off behind a
   * connection pooler that cannot keep them, such as PgBouncer in transaction mode before 1.21.
   */
  prepareStatements?: boolean | undefined;
}

export interface Storage {
  db: Kysely<Database>;
  engine: Engine;
  destroy(): Promise<void>;
  /** PostgreSQL: the connection pool right now (for metrics); absent for SQLite's single connection. */
  poolStats?: () => PoolStats;
  /** SQLite: the database's bytes, to open copies of with `sqliteImage`. */
  serialize?: () => Buffer;
}

export interface PoolStats {
  /** Connections open (idle + in use). */
  total: number;
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
  max: number;
}

/**
 * The SQLite file holds password hashes, sealed keys and recipients' addresses: only its owner may read
 * it. A directory made for it is 0700; the file is created (or narrowed to) 0600 before SQLite opens it,
 * and SQLite gives its `-wal` and `-shm` files the database file's mode (narrowed here too, if older).
 */
function ownerOnlyFile(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
  for (const side of [`${file}-wal`, `${file}-shm`, `${file}-journal`]) if (existsSync(side)) chmodSync(side, 0o600);
}

export function openStorage(options: StorageOptions): Storage {
  if (options.databaseUrl) {
    const schema = options.pgSchema;
    if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid PostgreSQL schema name: ${schema}`);
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      ...connectionOptions({ ...(schema ? { search_path: schema } : {}), ...options.pgSettings }),
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: options.prepareStatements === false ? pool : namingStatements(pool) }) });
    const max = options.poolSize ?? 10;
    return { db, engine: 'postgres', destroy: () => db.destroy(), poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max }) };
  }
  const file = options.sqliteImage ? ':memory:' : (options.sqliteFile ?? ':memory:');
  if (file !== ':memory:') ownerOnlyFile(file);
  const database = new SQLite(options.sqliteImage ?? file);
  database.pragma('journal_mode = WAL');
  if (file !== ':memory:') for (const side of [`${file}-wal`, `${file}-shm`]) if (existsSync(side)) chmodSync(side, 0o600);
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  database.pragma('synchronous = NORMAL');
  // Erased personal data must not linger in freed space: deleted or shrunk content is overwritten with zeros
  // (docs/privacy.md). After an erasure the WAL is checkpointed and truncated too (privacy.repo.ts `scrub`).
  database.pragma('secure_delete = ON');
  // Every commit writes its pages to the WAL (an issue about 34 pages); copying them back into the database
  // (a checkpoint, with its fsync) runs on this thread inside the commit that crosses the threshold. Every
  // 10,000 pages (~40 MiB of WAL) instead of SQLite's 1,000: a tenth of the checkpoints, each page changed
  // often (indexes, counters) copied once per checkpoint. Commits stay as durable (docs/performance.md).
  database.pragma(`wal_autocheckpoint = ${SQLITE_WAL_CHECKPOINT_PAGES}`);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: keepingStatements(database) }) });
  return { db, engine: 'sqlite', destroy: () => db.destroy(), serialize: () => database.serialize() };
}

/** Create the PostgreSQL schema named in the options, if any. */
/** libpq startup options from settings; only plain words pass (no quoting games). */
function connectionOptions(settings: Record<string, string>): { options?: string } {
  const entries = Object.entries(settings);
  for (const [k, v] of entries) if (!/^[a-z_][a-z0-9_]*$/.test(k) || !/^[A-Za-z0-9_.]+$/.test(v)) throw new Error(`invalid PostgreSQL setting: ${k}`);
  return entries.length ? { options: entries.map(([k, v]) => `-c ${k}=${v}`).join(' ') } : {};
}

export async function ensureSchema(storage: Storage, schema: string | undefined): Promise<void> {
  if (storage.engine !== 'postgres' || !schema) return;
  await sql`create schema if not exists ${sql.id(schema)}`.execute(storage.db);
}

/** Apply every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<Database>, options: { schema?: string | undefined; kms?: Kms | undefined } = {}): Promise<string[]> {
  // With a schema of our own, Kysely must look for its bookkeeping tables there, not in any schema.
  const migrator = new Migrator({ db, provider: migrationProviderWith({ kms: options.kms }), ...(options.schema ? { migrationTableSchema: options.schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const name = failed ? ` (${failed.migrationName})` : '';
    throw new Error(`database migration failed${name}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export async function ping(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}

/** The names of the migrations this code knows that the database has not applied (empty: up to date). */
export async function pendingMigrations(storage: Storage): Promise<string[]> {
  let schema: string | undefined;
  if (storage.engine === 'postgres') {
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(storage.db);
    schema = rows[0]?.schema ?? 'public';
  }
  const migrator = new Migrator({ db: storage.db, provider: migrationProvider, ...(schema ? { migrationTableSchema: schema } : {}) });
  return (await migrator.getMigrations()).filter((m) => !m.executedAt).map((m) => m.name);
}

/** Migrate an open storage; on PostgreSQL the bookkeeping tables live in the connection's current schema. */
export async function migrateStorage(storage: Storage, kms?: Kms): Promise<string[]> {
  if (storage.engine !== 'postgres') return migrateToLatest(storage.db, { kms });
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(storage.db);
  return migrateToLatest(storage.db, { schema: rows[0]?.schema ?? 'public', kms });
}
