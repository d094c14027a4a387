import { cellOf, type CredentialDay, type EngagementBuffer } from './engagement-buffer.js';
import type { AnalyticsRepo, RollupCellIncrement } from './ports.js';
import { VisitorSketch } from './visitor-sketch.js';

/** The analytics repository, and a transaction over it (a buffer is written in one). */
export interface EngagementStore {
  analytics: AnalyticsRepo;
  transaction<T>(fn: (tx: { analytics: AnalyticsRepo }) => Promise<T>): Promise<T>;
}

/**
 * Writes what a buffer counted in one transaction: each credential-day's new visitors merged into its stored sketch
 * (a union, so a visitor seen by two instances counts once; the difference between the sketch's count and what was
 * counted before is the credential-day's new visitors), then every rollup cell and every credential's counters, each
 * table in one multi-row upsert. `pause` runs between statements of sketches (on SQLite every statement holds the
 * event loop).
 */
export async function writeEngagements(store: EngagementStore, buffer: EngagementBuffer, pause: () => Promise<void>): Promise<void> {
  await store.transaction(async (tx) => {
    const firsts = await mergeVisitors(tx.analytics, buffer, pause);
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

/** Merges each credential-day's new visitors into its stored sketch; answers the visitors each adds to its count. */
async function mergeVisitors(analytics: AnalyticsRepo, buffer: EngagementBuffer, pause: () => Promise<void>): Promise<Map<CredentialDay, number>> {
  const firsts = new Map<CredentialDay, number>();
  const perStatement = Math.max(1, analytics.sketchesPerStatement);
  let statements = 0;
  for (const [day, visitors] of buffer.visitors) {
    // The day's visitors by credential-day (each hash's value in the set), as (high, low) words in typed arrays.
    const sizes = new Map<number, number>();
    visitors.forEach((_high, _low, index) => sizes.set(index, (sizes.get(index) ?? 0) + 1));
    const byCredentialDay = new Map<number, { words: Int32Array; at: number }>();
    for (const [index, n] of sizes) byCredentialDay.set(index, { words: new Int32Array(n * 2), at: 0 });
    visitors.forEach((high, low, index) => {
      const part = byCredentialDay.get(index)!;
      part.words[part.at++] = high;
      part.words[part.at++] = low;
    });
    // In credential order, across statements too: two instances lock the same rows in the same order.
    const parts = [...byCredentialDay].map(([index, { words }]) => ({ cd: buffer.credentialDays[index]!, words }));
    parts.sort((a, b) => (a.cd.credential.id < b.cd.credential.id ? -1 : a.cd.credential.id > b.cd.credential.id ? 1 : 0));
    for (let at = 0; at < parts.length; at += perStatement) {
      if (statements++ > 0) await pause();
      const part = parts.slice(at, at + perStatement);
      const stored = await analytics.lockVisitorSketches(day, part.map((p) => p.cd.credential.id));
      const merged = part.map(({ cd, words }) => {
        const found = stored.get(cd.credential.id);
        // A stored sketch that cannot be read starts again empty; what it counted stays counted.
        const sketch = (found && VisitorSketch.decode(found.sketch)) ?? VisitorSketch.empty();
        for (let i = 0; i < words.length; i += 2) sketch.add(words[i]!, words[i + 1]!);
        const before = found?.counted ?? 0;
        const added = Math.max(0, sketch.count() - before);
        if (added > 0) firsts.set(cd, added);
        return { credentialId: cd.credential.id, sketch: sketch.encode(), counted: before + added };
      });
      await analytics.saveVisitorSketches(day, merged);
    }
  }
  return firsts;
}
