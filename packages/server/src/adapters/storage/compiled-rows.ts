import type { Compilable, Kysely } from 'kysely';
import { compiledOnce } from './compiled-once.js';
import type { Database } from './schema.js';

/** Rows by table (or by any name the statement gives them). */
export type RowSets = Record<string, ReadonlyArray<Record<string, unknown>>>;

const isPlainValue = (v: unknown) => v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/**
 * A write of rows built by `build`, compiled once per shape of its rows (the sets, each row's columns
 * in order, the number of rows) with `compiledOnce`, then run with each call's values: building and
 * compiling an insert of a few dozen columns costs Node more than SQLite's own work for it. Rows
 * holding anything but plain values (or leaving a column undefined, which Kysely would omit) are
 * built as usual. At most `maxShapes` shapes are kept (then they start again).
 */
export function compiledPerShape<T extends RowSets>(build: (db: Kysely<Database>, rows: T) => Compilable<unknown>, maxShapes = 16): (db: Kysely<Database>, rows: T) => Promise<void> {
  const writes = new Map<string, (db: Kysely<Database>, args: Record<string, unknown>) => Promise<unknown[]>>();
  return async (db, rows) => {
    // The values in the order of the shape (set by set, row by row, column by column): the compiled
    // statement names them by position, so a call makes no string per value, only the shape's key.
    const values: unknown[] = [];
    let key = '';
    let plain = true;
    for (const set in rows) {
      const list = rows[set]!;
      for (let n = 0; n < list.length; n++) {
        const row = list[n]!;
        key += `${set}:`;
        for (const column in row) {
          const value = row[column];
          key += `${column},`;
          values.push(value);
          plain &&= isPlainValue(value);
        }
        key += '|';
      }
    }
    if (!plain) {
      await db.executeQuery(build(db, rows).compile());
      return;
    }
    let write = writes.get(key);
    if (!write) {
      if (writes.size >= maxShapes) writes.clear();
      write = compiledOnce(values.map((_, i) => String(i)), (db, markers) => {
        let i = 0;
        const marked = {} as Record<string, Array<Record<string, unknown>>>;
        for (const set in rows) marked[set] = rows[set]!.map((row) => {
          const out: Record<string, unknown> = {};
          for (const column in row) out[column] = markers[String(i++)];
          return out;
        });
        return build(db, marked as unknown as T);
      });
      writes.set(key, write);
    }
    // An array is a record of its positions ('0', '1', …): what the markers are named.
    await write(db, values as unknown as Record<string, unknown>);
  };
}
