import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { namingStatements } from './named-statements.js';

interface Db {
  things: { id: string; name: string };
}

/** What the server process of the one connection holds prepared (pool of one connection). */
const preparedTexts = async (db: Kysely<Db>) =>
  (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(db)).rows.map((r) => r.statement);

describe('prepared statements on PostgreSQL', () => {
  const schema = `laurel_t_${randomBytes(6).toString('hex')}`;
  let pool: pg.Pool;
  let db: Kysely<Db>;

  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: inject('pgUrl'), max: 1, options: `-c search_path=${schema}` });
    db = new Kysely<Db>({ dialect: new PostgresDialect({ pool: namingStatements(pool, { perConnection: 5 }) }) });
    await sql`create schema ${sql.id(schema)}`.execute(db);
    await db.schema.createTable('things').addColumn('id', 'text', (c) => c.primaryKey()).addColumn('name', 'text', (c) => c.notNull()).execute();
    await db.insertInto('things').values([{ id: 'a', name: 'Anna' }, { id: 'b', name: 'Bea' }]).execute();
  });
  afterAll(async () => {
    await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db);
    await db.destroy();
  });

  it('prepares a data statement once and reuses it, with the same results', async () => {
    const find = (id: string) => db.selectFrom('things').selectAll().where('id', '=', id).executeTakeFirst();
    expect(await find('a')).toEqual({ id: 'a', name: 'Anna' });
    expect(await find('b')).toEqual({ id: 'b', name: 'Bea' });
    expect(await find('c')).toBeUndefined();
    const texts = await preparedTexts(db);
    expect(texts.filter((t) => t.includes('from "things" where "id" = $1'))).toHaveLength(1);
    // DDL and transaction control are never prepared.
    expect(texts.some((t) => /create table/i.test(t))).toBe(false);
  });

  it('prepares nothing inside a transaction', async () => {
    await db.transaction().execute(async (tx) => {
      await tx.updateTable('things').set({ name: 'Anna' }).where('id', '=', 'a').execute();
    });
    expect((await preparedTexts(db)).some((t) => t.startsWith('update'))).toBe(false);
  });

  it('a table altered under a prepared statement: it is prepared again and answers with the new columns', async () => {
    const all = () => db.selectFrom('things').selectAll().where('name', '<>', '').orderBy('id').execute();
    expect(await all()).toHaveLength(2);
    await sql`alter table things add column note text default 'new'`.execute(db);
    expect(await all()).toEqual([{ id: 'a', name: 'Anna', note: 'new' }, { id: 'b', name: 'Bea', note: 'new' }]);
    // And again, now under its new name: the stale one and the new one are both prepared.
    expect(await all()).toHaveLength(2);
    expect((await preparedTexts(db)).filter((t) => t.includes('where "name" <> $1'))).toHaveLength(2);
  });

  it('prepares at most `perConnection` statements on a connection; the others still run', async () => {
    for (let i = 0; i < 6; i++) {
      const { rows } = await sql<{ n: number }>`select ${sql.lit(i)}::int as n from things where id = ${'a'}`.execute(db);
      expect(rows).toEqual([{ n: i }]);
    }
    expect(await preparedTexts(db)).toHaveLength(5);
  });
});
