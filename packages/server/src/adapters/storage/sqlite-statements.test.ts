import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keepingStatements } from './sqlite-statements.js';

interface Db {
  things: { id: string; name: string; colour?: string | null };
}

describe('kept statements on SQLite', () => {
  let database: SQLite.Database;
  let db: Kysely<Db>;
  let prepared: string[];

  beforeEach(async () => {
    database = new SQLite(':memory:');
    prepared = [];
    const prepare = database.prepare.bind(database);
    // Counts what SQLite is really asked to compile.
    const counting = { close: () => database.close(), prepare: (text: string) => (prepared.push(text), prepare(text)) };
    db = new Kysely<Db>({ dialect: new SqliteDialect({ database: keepingStatements(counting, 3) }) });
    await db.schema.createTable('things').addColumn('id', 'text', (c) => c.primaryKey()).addColumn('name', 'text', (c) => c.notNull()).execute();
    await db.insertInto('things').values([{ id: 'a', name: 'Anna' }, { id: 'b', name: 'Bea' }]).execute();
  });
  afterEach(async () => {
    await db.destroy();
  });

  const find = (id: string) => db.selectFrom('things').selectAll().where('id', '=', id).executeTakeFirst();
  const compiled = (fragment: string) => prepared.filter((t) => t.includes(fragment)).length;

  it('compiles a statement once and runs it again with new values, with the same results', async () => {
    expect(await find('a')).toEqual({ id: 'a', name: 'Anna' });
    expect(await find('b')).toEqual({ id: 'b', name: 'Bea' });
    expect(await find('c')).toBeUndefined();
    expect(compiled('from "things" where "id" = ?')).toBe(1);
    // Writes too, and their effects are seen.
    for (const id of ['c', 'd']) await db.insertInto('things').values({ id, name: id.toUpperCase() }).execute();
    expect(prepared.filter((t) => t === 'insert into "things" ("id", "name") values (?, ?)')).toHaveLength(1);
    expect(await find('d')).toEqual({ id: 'd', name: 'D' });
  });

  it('a kept statement sees the schema a migration changed under it', async () => {
    expect(await find('a')).toEqual({ id: 'a', name: 'Anna' });
    await db.schema.alterTable('things').addColumn('colour', 'text', (c) => c.defaultTo('red')).execute();
    expect(await find('a')).toEqual({ id: 'a', name: 'Anna', colour: 'red' });
    await db.schema.dropTable('things').execute();
    await expect(find('a')).rejects.toThrow(/no such table/);
  });

  it('a statement still being iterated is not handed out again: that use gets its own', () => {
    const kept = keepingStatements(database);
    const text = 'select id from things order by id';
    const iterating = kept.prepare(text).iterate([]);
    expect(iterating.next().value).toEqual({ id: 'a' });
    // Running the same text meanwhile would throw "This statement is busy executing a query" on the same statement.
    expect(kept.prepare(text).all([])).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(iterating.next().value).toEqual({ id: 'b' });
    expect(iterating.next().done).toBe(true);
  });

  it('keeps at most the given number of statements, dropping the least recently used', async () => {
    const one = () => sql`select 1`.execute(db);
    const two = () => sql`select 2`.execute(db);
    await one();
    for (const n of [3, 4, 5]) await sql.raw(`select ${n}`).execute(db);
    await one();
    await two();
    await two();
    expect(compiled('select 1')).toBe(2);
    expect(compiled('select 2')).toBe(1);
  });

  it('a failed statement can run again', async () => {
    const insert = (id: string) => db.insertInto('things').values({ id, name: 'again' }).execute();
    await expect(insert('a')).rejects.toThrow(/UNIQUE/);
    await insert('z');
    expect(await find('z')).toEqual({ id: 'z', name: 'again' });
  });
});

describe('the SQLite connection Laurel opens', () => {
  it('checkpoints its WAL every SQLITE_WAL_CHECKPOINT_PAGES pages, in WAL mode with foreign keys and secure delete', async () => {
    const { openStorage, SQLITE_WAL_CHECKPOINT_PAGES } = await import('./db.js');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'laurel-pragmas-'));
    const storage = openStorage({ sqliteFile: join(dir, 'laurel.db') });
    try {
      const pragma = async (name: string) => Object.values((await sql.raw(`pragma ${name}`).execute(storage.db)).rows[0] as object)[0];
      expect(SQLITE_WAL_CHECKPOINT_PAGES).toBe(10_000);
      expect([await pragma('wal_autocheckpoint'), await pragma('journal_mode'), await pragma('foreign_keys'), await pragma('secure_delete')]).toEqual([10_000, 'wal', 1, 1]);
    } finally {
      await storage.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
