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
    const args: Record<string, unknown> = {};
    const shape: string[] = [];
    let plain = true;
    for (const [set, list] of Object.entries(rows)) {
      list.forEach((row, n) => {
        shape.push(`${set}:${Object.keys(row).join(',')}`);
        for (const [column, value] of Object.entries(row)) {
          args[`${set}.${n}.${column}`] = value;
          plain &&= isPlainValue(value);
        }
      });
    }
    if (!plain) {
      await db.executeQuery(build(db, rows).compile());
      return;
    }
    const key = shape.join('|');
    let write = writes.get(key);
    if (!write) {
      if (writes.size >= maxShapes) writes.clear();
      write = compiledOnce(Object.keys(args), (db, markers) => {
        const marked = Object.fromEntries(
          Object.entries(rows).map(([set, list]) => [set, list.map((row, n) => Object.fromEntries(Object.keys(row).map((column) => [column, markers[`${set}.${n}.${column}`]])))]),
        ) as unknown as T;
        return build(db, marked);
      });
      writes.set(key, write);
    }
    await write(db, args);
  };
}
