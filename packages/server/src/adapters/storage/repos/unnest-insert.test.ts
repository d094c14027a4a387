import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStorage } from '../../../../test/support/test-app.js';
import type { Storage } from '../db.js';
import { unnestInsert } from './unnest-insert.js';

describe('unnestInsert (PostgreSQL)', () => {
  let storage: Storage;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ storage, drop } = await openTestStorage('postgres'));
  });
  afterAll(() => drop());

  const job = (id: string, payload: string, extra: Record<string, unknown> = {}) => ({
    id, org_id: null, name: 'test.job', version: 1, payload, status: 'queued', max_attempts: 3, run_at: '2026-01-01T00:00:00.000Z', created_at: 'c', updated_at: 'u', ...extra,
  });
  const types = { version: 'int4', max_attempts: 'int4' } as const;

  it('stores every value as given, hostile text included, with one array per column', async () => {
    // What an array literal or the SQL around it could mistake for syntax: quotes, backslashes, braces, commas,
    // the word NULL, an empty string, new lines and non-ASCII text.
    const hostile = ['"quoted", {braced}', 'back\\slash \\" and \'single\'', 'NULL', '', 'line\nbreak\ttab', 'é 中文 🎓', '{"a":[1,2,{"b":"c"}]}', "'); drop table jobs; --"];
    const rows = hostile.map((payload, n) => job(`h${n}`, payload, n % 2 ? { last_error: null, locked_by: `w${n}` } : {}));
    const statement = unnestInsert('jobs', rows, types);
    const compiled = statement.compile(storage.db);
    // One parameter per column, not per cell.
    expect(compiled.parameters).toHaveLength(Object.keys({ ...rows[0], ...rows[1] }).length);
    await statement.execute(storage.db);
    const stored = await storage.db.selectFrom('jobs').select(['id', 'payload', 'version', 'max_attempts', 'attempts', 'locked_by', 'org_id']).where('name', '=', 'test.job').orderBy('id').execute();
    expect(stored.map((r) => r.payload).sort()).toEqual([...hostile].sort());
    for (const r of stored) {
      const n = Number(r.id.slice(1));
      expect(r.payload).toBe(hostile[n]);
      expect([r.version, r.max_attempts, r.attempts, r.org_id]).toEqual([1, 3, 0, null]);
      // A column some rows leave out is null for them; a column no row names keeps its default (attempts = 0).
      expect(r.locked_by).toBe(n % 2 ? `w${n}` : null);
    }
    expect(await storage.db.selectFrom('jobs').select('id').where('name', '=', 'test.job').execute()).toHaveLength(hostile.length);
  });

  it('has the same text for one row as for many (prepared once)', () => {
    const one = unnestInsert('jobs', [job('a', 'x')], types).compile(storage.db).sql;
    const many = unnestInsert('jobs', [job('b', 'x'), job('c', 'y'), job('d', 'z')], types).compile(storage.db).sql;
    expect(many).toBe(one);
    expect(one).toMatch(/select \* from unnest\(\$1::text\[\], /);
  });

  it('refuses a value that is not text in a column whose type is not named, and an empty list', () => {
    expect(() => unnestInsert('jobs', [job('e', 'x')])).toThrow(/jobs\.version is not text/);
    expect(() => unnestInsert('jobs', [{ ...job('f', 'x'), payload: { not: 'text' } }], types)).toThrow(/jobs\.payload is not text/);
    expect(() => unnestInsert('jobs', [])).toThrow(/no rows/);
  });

  it('fails whole on a duplicate key, as a multi-row insert does', async () => {
    await expect(unnestInsert('jobs', [job('dup', 'x'), job('dup', 'y')], types).execute(storage.db)).rejects.toMatchObject({ code: '23505' });
    expect(await storage.db.selectFrom('jobs').select('id').where('id', '=', 'dup').execute()).toHaveLength(0);
  });
});
