import { describe, expect, it } from 'vitest';
import { compiledOnce } from './compiled-once.js';
import { migrateToLatest, openStorage } from './db.js';

describe('compiledOnce', () => {
  it('compiles once and runs with each call’s values, keeping the query’s own constants', async () => {
    const storage = openStorage({ sqliteFile: ':memory:' });
    await migrateToLatest(storage.db);
    const now = new Date().toISOString();
    await storage.db.insertInto('organisations').values([
      { id: 'o1', name: 'One', settings: '{}', created_at: now, updated_at: now },
      { id: 'o2', name: 'Two', settings: '{}', created_at: now, updated_at: now },
    ]).execute();
    let builds = 0;
    const named = compiledOnce(['id', 'name'], (db, { id, name }) => {
      builds++;
      return db.selectFrom('organisations').select('id').where((eb) => eb.or([eb('id', '=', id), eb('name', '=', name)])).where('settings', '=', '{}').orderBy('id');
    });
    expect(await named(storage.db, { id: 'o1', name: 'nobody' })).toEqual([{ id: 'o1' }]);
    expect(await named(storage.db, { id: 'o3', name: 'Two' })).toEqual([{ id: 'o2' }]);
    expect(await named(storage.db, { id: 'o1', name: 'Two' })).toEqual([{ id: 'o1' }, { id: 'o2' }]);
    expect(builds).toBe(1);
    // A transaction shares the handle's dialect: the query is not built again in it.
    expect(await storage.db.transaction().execute((tx) => named(tx, { id: 'o2', name: 'nobody' }))).toEqual([{ id: 'o2' }]);
    expect(builds).toBe(1);
    // A handle with plugins (which may rewrite queries) gets the query built on every call.
    const plugged = storage.db.withPlugin({ transformQuery: (args) => args.node, transformResult: async (args) => args.result });
    expect(await named(plugged, { id: 'o1', name: 'nobody' })).toEqual([{ id: 'o1' }]);
    expect(await named(plugged, { id: 'o2', name: 'nobody' })).toEqual([{ id: 'o2' }]);
    expect(builds).toBe(3);
    await storage.destroy();
  });

  it('refuses a query that does not take every argument as a parameter', async () => {
    const storage = openStorage({ sqliteFile: ':memory:' });
    const ignoring = compiledOnce(['id', 'unused'], (db, { id }) => db.selectFrom('organisations').select('id').where('id', '=', id));
    await expect(ignoring(storage.db, { id: 'x', unused: 'y' })).rejects.toThrow(/unused/);
    await storage.destroy();
  });
});
