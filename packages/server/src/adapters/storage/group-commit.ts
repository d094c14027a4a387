import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/** How a group's items are written inside its transaction. */
export interface GroupWrites<T> {
  /** One item's write. */
  one(tx: Kysely<Database>, item: T): Promise<void>;
  /** Several items' writes at once (fewer statements); when it throws, it is rolled back and each item written with `one`. */
  all?(tx: Kysely<Database>, items: T[]): Promise<void>;
}

interface Queued<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

// Taken when this module loads: a test's fake timers must not hold the writes back.
const later = globalThis.setImmediate;

/** Runs `fn` after this turn of the event loop (what arrives meanwhile joins), with the real `setImmediate`. */
export const afterThisTurn = (fn: () => void): void => void later(fn);
const SAVEPOINT = CompiledQuery.raw('savepoint laurel_write');
const ROLLBACK = CompiledQuery.raw('rollback to laurel_write');
const RELEASE = CompiledQuery.raw('release laurel_write');

/**
 * SQLite group commit: writes that arrive within one turn of the event loop share one transaction and
 * one commit. A commit appends every page the transaction changed to the WAL (an issue changes ~26: table
 * and index pages, counters); writes committed together change many of the same pages (the tables' last
 * pages, the status-list counter, the day's rollups) and pay the commit's fixed cost once. With `all`, the
 * group is first written at once (multi-row statements) inside a savepoint; when that fails, it is rolled
 * back and each item is written inside a savepoint of its own, so each is still all or nothing: one that
 * fails is rolled back alone and its caller gets its error, the others are committed. A caller's promise
 * settles only after the commit, so a write acknowledged is as durable as with a transaction of its own; a
 * failed commit fails every write of the group. A lone write runs in a plain transaction.
 */
export function groupCommit<T>(db: Kysely<Database>, writes: GroupWrites<T>): (item: T) => Promise<void> {
  let queued: Array<Queued<T>> = [];
  const flush = async () => {
    const group = queued;
    queued = [];
    if (group.length === 1) {
      const [only] = group as [Queued<T>];
      await db.transaction().execute((tx) => writes.one(tx, only.item)).then(only.resolve, only.reject);
      return;
    }
    const failed = new Map<Queued<T>, unknown>();
    try {
      await db.transaction().execute(async (tx) => {
        if (writes.all) {
          await tx.executeQuery(SAVEPOINT);
          try {
            await writes.all(tx, group.map((q) => q.item));
            await tx.executeQuery(RELEASE);
            return;
          } catch {
            await tx.executeQuery(ROLLBACK);
            await tx.executeQuery(RELEASE);
          }
        }
        for (const queued of group) {
          await tx.executeQuery(SAVEPOINT);
          try {
            await writes.one(tx, queued.item);
          } catch (error) {
            failed.set(queued, error);
            await tx.executeQuery(ROLLBACK);
          }
          await tx.executeQuery(RELEASE);
        }
      });
    } catch (error) {
      for (const queued of group) queued.reject(failed.get(queued) ?? error);
      return;
    }
    for (const queued of group) {
      if (failed.has(queued)) queued.reject(failed.get(queued));
      else queued.resolve();
    }
  };
  return (item) =>
    new Promise<void>((resolve, reject) => {
      queued.push({ item, resolve, reject });
      if (queued.length === 1) later(() => void flush());
    });
}
