import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { compiledPerShape } from './compiled-rows.js';
import { migrateToLatest, openStorage } from './db.js';

describe('compiledPerShape', () => {
  it('compiles a write once per shape of its rows and runs it with each call’s values', async () => {
    const storage = openStorage({ sqliteFile: ':memory:' });
    await migrateToLatest(storage.db);
    const built: number[] = [];
    type Org = { id: string; name: string; settings: string; created_at: string; updated_at: string };
    const insert = compiledPerShape((db, r: { orgs: Org[] }) => {
      built.push(r.orgs.length);
      return db.insertInto('organisations').values(r.orgs);
    });
    const org = (id: string, name = id.toUpperCase()): Org => ({ id, name, settings: '{}', created_at: '2026-01-01', updated_at: '2026-01-02' });
    await insert(storage.db, { orgs: [org('a')] });
    await insert(storage.db, { orgs: [org('b', "O'Brien")] });
    // Inside a transaction too, and rolled back with it.
    await storage.db.transaction().execute((tx) => insert(tx, { orgs: [org('c')] }));
    await expect(storage.db.transaction().execute(async (tx) => {
      await insert(tx, { orgs: [org('d')] });
      throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
    expect(built).toEqual([1]);
    // Two rows, or other columns, are another shape.
    await insert(storage.db, { orgs: [org('e'), org('f')] });
    const { updated_at: _, ...fewer } = org('g');
    await insert(storage.db, { orgs: [fewer as Org] }).catch(() => undefined);
    expect(built).toEqual([1, 2, 1]);
    // A value that is not plain (here a raw SQL fragment) is built as usual, every time.
    await insert(storage.db, { orgs: [{ ...org('h'), name: sql<string>`'from sql'` as unknown as string }] });
    await insert(storage.db, { orgs: [{ ...org('i'), name: sql<string>`'from sql'` as unknown as string }] });
    expect(built).toEqual([1, 2, 1, 1, 1]);
    const rows = await storage.db.selectFrom('organisations').select(['id', 'name', 'created_at', 'updated_at']).orderBy('id').execute();
    expect(rows.map((r) => [r.id, r.name])).toEqual([['a', 'A'], ['b', "O'Brien"], ['c', 'C'], ['e', 'E'], ['f', 'F'], ['h', 'from sql'], ['i', 'from sql']]);
    expect(rows.every((r) => r.created_at === '2026-01-01' && r.updated_at === '2026-01-02')).toBe(true);
    await storage.destroy();
  });
});
