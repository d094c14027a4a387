import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { groupCommit, type GroupWrites } from './group-commit.js';
import type { Database } from './schema.js';

async function open() {
  const statements: string[] = [];
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }), log: (event) => void statements.push(event.query.sql) });
  await sql`create table rows (id integer primary key, v text not null unique)`.execute(db);
  statements.length = 0;
  const insert = (v: string) => sql`insert into rows (v) values (${v})`.execute(db as never);
  const values = async () => (await sql<{ v: string }>`select v from rows order by id`.execute(db)).rows.map((r) => r.v);
  return { db, statements, insert, values };
}

type Write = (tx: Kysely<Database>) => Promise<void>;
/** Items that are their own writes; `all`, when given, writes the group at once. */
const own = (all?: GroupWrites<Write>['all']): GroupWrites<Write> => ({ one: (tx, write) => write(tx), ...(all ? { all } : {}) });

describe('groupCommit (SQLite)', () => {
  afterEach(() => void vi.useRealTimers());

  it('commits writes that arrive together once, each in its own savepoint', async () => {
    const { db, statements, values } = await open();
    const commit = groupCommit(db, own());
    const writes = ['a', 'b', 'c'].map((v) => commit((tx) => sql`insert into rows (v) values (${v})`.execute(tx).then(() => undefined)));
    await Promise.all(writes);
    expect(await values()).toEqual(['a', 'b', 'c']);
    expect(statements.filter((s) => s === 'commit')).toHaveLength(1);
    expect(statements.filter((s) => s.startsWith('savepoint'))).toHaveLength(3);
    await db.destroy();
  });

  it('a write that fails is rolled back whole and gets its error; the others of its group are committed', async () => {
    const { db, values } = await open();
    const commit = groupCommit(db, own());
    const two = (first: string, second: string) => (tx: Kysely<Database>) =>
      sql`insert into rows (v) values (${first})`.execute(tx).then(() => sql`insert into rows (v) values (${second})`.execute(tx)).then(() => undefined);
    // The second write's first row is stored, then its second clashes with the first write's: none of it may stay.
    const results = await Promise.allSettled([commit(two('a', 'b')), commit(two('c', 'a')), commit(two('d', 'e'))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
    expect(await values()).toEqual(['a', 'b', 'd', 'e']);
    await db.destroy();
  });

  it('a lone write runs in a transaction of its own, and a failure leaves nothing', async () => {
    const { db, statements, values } = await open();
    const commit = groupCommit(db, own());
    await commit((tx) => sql`insert into rows (v) values ('x')`.execute(tx).then(() => undefined));
    await expect(commit((tx) => sql`insert into rows (v) values ('y')`.execute(tx).then(() => sql`insert into rows (v) values ('x')`.execute(tx)).then(() => undefined))).rejects.toThrow(/UNIQUE/);
    expect(await values()).toEqual(['x']);
    expect(statements.some((s) => s.startsWith('savepoint'))).toBe(false);
    await db.destroy();
  });

  it('a group is written at once when it can; when that fails, each write alone, the failing one rolled back and refused', async () => {
    const { db, statements, values } = await open();
    let together = 0;
    const commit = groupCommit(db, own(async (tx, group) => {
      together++;
      for (const write of group) await write(tx);
    }));
    const insert = (v: string) => (tx: Kysely<Database>) => sql`insert into rows (v) values (${v})`.execute(tx).then(() => undefined);
    await Promise.all([commit(insert('a')), commit(insert('b'))]);
    expect(together).toBe(1);
    // At once: one savepoint for the group, none per write.
    expect(statements.filter((s) => s.startsWith('savepoint'))).toHaveLength(1);
    statements.length = 0;
    // 'a' again clashes: the group's rows are rolled back ('c' included), then each is written alone.
    const results = await Promise.allSettled([commit(insert('c')), commit(insert('a')), commit(insert('d'))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(together).toBe(2);
    expect(statements.filter((s) => s.startsWith('savepoint'))).toHaveLength(4);
    expect(await values()).toEqual(['a', 'b', 'c', 'd']);
    expect(statements.filter((s) => s === 'commit')).toHaveLength(1);
    await db.destroy();
  });

  it('a test’s fake timers do not hold the writes back', async () => {
    const { db, values } = await open();
    const commit = groupCommit(db, own());
    vi.useFakeTimers();
    await commit((tx) => sql`insert into rows (v) values ('timers')`.execute(tx).then(() => undefined));
    vi.useRealTimers();
    expect(await values()).toEqual(['timers']);
    await db.destroy();
  });
});
