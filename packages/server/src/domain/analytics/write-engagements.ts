import { cellOf, type EngagementBuffer } from './engagement-buffer.js';
import type { AnalyticsRepo, RollupCellIncrement } from './ports.js';

/** The analytics repository, and a transaction over it (a buffer is written in one). */
export interface EngagementStore {
  analytics: AnalyticsRepo;
  transaction<T>(fn: (tx: { analytics: AnalyticsRepo }) => Promise<T>): Promise<T>;
}

/** Viewer hashes per statement: a few hundred (SQLite binds at most 32,766 values, and runs on the event loop). */
const VISITS_PER_STATEMENT = 400;

/**
 * Writes what a buffer counted in one transaction: the viewer hashes of each day (one statement per few hundred;
 * the database's unique row tells which are first visits, so a visitor seen by two instances counts once), then
 * every rollup cell and every credential's counters, each table in one multi-row upsert. `pause` runs between
 * statements of viewers (on SQLite every statement holds the event loop).
 */
export async function writeEngagements(store: EngagementStore, buffer: EngagementBuffer, pause: () => Promise<void>): Promise<void> {
  await store.transaction(async (tx) => {
    // First visits per credential-day (day + "\n" + credential id), a statement per few hundred viewers of a day.
    const firsts = new Map<string, number>();
    const viewedDays = new Map<string, Array<{ credentialId: string; viewers: Set<string> }>>();
    for (const cd of buffer.days.values()) {
      if (cd.viewers.size === 0) continue;
      const ofDay = viewedDays.get(cd.day);
      if (ofDay) ofDay.push({ credentialId: cd.credential.id, viewers: cd.viewers });
      else viewedDays.set(cd.day, [{ credentialId: cd.credential.id, viewers: cd.viewers }]);
    }
    let statements = 0;
    for (const [day, credentials] of viewedDays) {
      let visits: Array<{ credentialId: string; viewers: string[] }> = [];
      let size = 0;
      const write = async (): Promise<void> => {
        if (statements++ > 0) await pause();
        for (const [credentialId, n] of await tx.analytics.firstVisits(day, visits)) firsts.set(`${day}\n${credentialId}`, (firsts.get(`${day}\n${credentialId}`) ?? 0) + n);
        visits = [];
        size = 0;
      };
      for (const { credentialId, viewers } of credentials) {
        let part: string[] = [];
        visits.push({ credentialId, viewers: part });
        for (const viewer of viewers) {
          part.push(viewer);
          if (++size < VISITS_PER_STATEMENT) continue;
          await write();
          part = [];
          visits.push({ credentialId, viewers: part });
        }
      }
      if (size > 0) await write();
    }

    const increments: RollupCellIncrement[] = [];
    const counters: Array<{ credentialId: string; day: string; views: number; visitors: number; verifications: number }> = [];
    for (const [key, cd] of buffer.days) {
      for (const [cell, count] of cd.cells) increments.push({ credential: cd.credential, day: cd.day, ...cellOf(cell), count });
      const visitors = firsts.get(key) ?? 0;
      if (visitors > 0) increments.push({ credential: cd.credential, day: cd.day, metric: 'visitors', dim: '', count: visitors });
      if (cd.views + visitors + cd.verifications > 0) counters.push({ credentialId: cd.credential.id, day: cd.day, views: cd.views, visitors, verifications: cd.verifications });
    }
    await tx.analytics.increment(increments);
    await tx.analytics.countForCredentials(counters);
  });
}
