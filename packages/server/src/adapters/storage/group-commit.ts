import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/** A write of its own rows, run inside the transaction it is given. */
export type Write = (tx: Kysely<Database>) => Promise<void>;

interface Queued {
  write: Write;
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
 * one commit, each inside a savepoint of its own. A commit appends every page the transaction changed to
 * the WAL (an issue changes ~26: table and index pages, counters); writes committed together change
 * many of the same pages (the tables' last pages, the status-list counter, the day's rollups) and pay
 * the commit's fixed cost once. Each write is still all or nothing: one that fails is rolled back to
 * its savepoint and its caller gets its error, the others are committed. A caller's promise settles
 * only after the commit, so a write acknowledged is as durable as with a transaction of its own; a
 * failed commit fails every write of the group. A lone write runs in a plain transaction.
 */
export function groupCommit(db: Kysely<Database>): (write: Write) => Promise<void> {
  let queued: Queued[] = [];
  const flush = async () => {
    const group = queued;
    queued = [];
    if (group.length === 1) {
      const [only] = group as [Queued];
      await db.transaction().execute(only.write).then(only.resolve, only.reject);
      return;
    }
    const failed = new Map<Queued, unknown>();
    try {
      await db.transaction().execute(async (tx) => {
        for (const item of group) {
          await tx.executeQuery(SAVEPOINT);
          try {
            await item.write(tx);
          } catch (error) {
            failed.set(item, error);
            await tx.executeQuery(ROLLBACK);
          }
          await tx.executeQuery(RELEASE);
        }
      });
    } catch (error) {
      for (const item of group) item.reject(failed.get(item) ?? error);
      return;
    }
    for (const item of group) {
      if (failed.has(item)) item.reject(failed.get(item));
      else item.resolve();
    }
  };
  return (write) =>
    new Promise<void>((resolve, reject) => {
      queued.push({ write, resolve, reject });
      if (queued.length === 1) later(() => void flush());
    });
}
