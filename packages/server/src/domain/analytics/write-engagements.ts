import { cellOf, type CredentialDay, type EngagementBuffer } from './engagement-buffer.js';
import type { AnalyticsRepo, RollupCellIncrement } from './ports.js';

/** The analytics repository, and a transaction over it (a buffer is written in one). */
export interface EngagementStore {
  analytics: AnalyticsRepo;
  transaction<T>(fn: (tx: { analytics: AnalyticsRepo }) => Promise<T>): Promise<T>;
}

/**
 * Writes what a buffer counted in one transaction: the visitor hashes of each day, all credentials' together, a
 * statement per `visitsPerStatement` of them (the database's unique row tells which are first visits, so a visitor
 * seen by two instances counts once), then every rollup cell and every credential's counters, each table in one
 * multi-row upsert. `pause` runs between statements of visitors (on SQLite every statement holds the event loop).
 */
export async function writeEngagements(store: EngagementStore, buffer: EngagementBuffer, pause: () => Promise<void>): Promise<void> {
  await store.transaction(async (tx) => {
    // First visits per credential-day. Hashes in ascending order, across statements too: two instances writing the
    // same visitors take their rows' locks in the same order (no deadlock), and neighbours share index pages.
    const firsts = new Map<CredentialDay, number>();
    const perStatement = Math.max(1, tx.analytics.visitsPerStatement);
    let statements = 0;
    for (const [day, visitors] of buffer.visitors) {
      const hashes = visitors.sorted();
      for (let at = 0; at < hashes.length; at += perStatement) {
        if (statements++ > 0) await pause();
        for (const first of await tx.analytics.firstVisits(day, hashes.subarray(at, at + perStatement))) {
          const cd = buffer.credentialDays[visitors.getInt64(first)];
          if (cd) firsts.set(cd, (firsts.get(cd) ?? 0) + 1);
        }
      }
    }

    const increments: RollupCellIncrement[] = [];
    const counters: Array<{ credentialId: string; day: string; views: number; visitors: number; verifications: number }> = [];
    for (const cd of buffer.days.values()) {
      for (const [cell, count] of cd.cells) increments.push({ credential: cd.credential, day: cd.day, ...cellOf(cell), count });
      const visitors = firsts.get(cd) ?? 0;
      if (visitors > 0) increments.push({ credential: cd.credential, day: cd.day, metric: 'visitors', dim: '', count: visitors });
      if (cd.views + visitors + cd.verifications > 0) counters.push({ credentialId: cd.credential.id, day: cd.day, views: cd.views, visitors, verifications: cd.verifications });
    }
    await tx.analytics.increment(increments);
    await tx.analytics.countForCredentials(counters);
  });
}
