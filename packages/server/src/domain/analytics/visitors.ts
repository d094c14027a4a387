import { hash, randomBytes } from 'node:crypto';
import type { EngagementBuffer } from './engagement-buffer.js';
import type { AnalyticsRepo } from './ports.js';
import type { RequestSignal } from './privacy.js';

/**
 * A visitor of the day: the hash of (day's salt, credential, address, user agent), 22 characters (132 bits). The
 * address and user agent are not kept; without the salt, deleted when the day ends, the hash cannot be recomputed.
 */
export const viewerHash = (salt: string, credentialId: string, signal: RequestSignal): string =>
  hash('sha256', `${salt}\n${credentialId}\n${signal.address ?? ''}\n${signal.userAgent ?? ''}`, 'base64url').slice(0, 22);

/**
 * The day's salt, read once a day from the database (random, created by the first instance that needs it, shared
 * by all); asking for a new day first forgets the salts and viewer hashes of the days before it.
 */
export function daySalts(repo: Pick<AnalyticsRepo, 'daySalt' | 'forgetBefore'>): { ready(day: string): string | undefined; load(day: string): Promise<string> } {
  let current: { day: string; value?: string; loading: Promise<string> } | undefined;
  const load = (day: string): Promise<string> => {
    if (current?.day === day) return current.loading;
    const loading = repo.forgetBefore(day).then(() => repo.daySalt(day, randomBytes(24).toString('base64url')));
    const entry: { day: string; value?: string; loading: Promise<string> } = { day, loading };
    current = entry;
    // A failed read is tried again by the next engagement.
    loading.then((value) => { entry.value = value; }, () => { if (current === entry) current = undefined; });
    return loading;
  };
  return { ready: (day) => (current?.day === day ? current.value : undefined), load };
}

/**
 * Visitors this process has already written today, by credential: their next views are not first visits, so they
 * are neither kept in memory again nor asked of the database. Other instances' visitors are still found by the
 * database's unique row. At most `max` are remembered (then the memory starts again: those are merely asked again).
 */
export function knownVisitors(max: number): { has(day: string, credentialId: string, viewer: string): boolean; remember(written: EngagementBuffer): void } {
  let day = '';
  let byCredential = new Map<string, Set<string>>();
  let size = 0;
  return {
    has: (d, credentialId, viewer) => d === day && byCredential.get(credentialId)?.has(viewer) === true,
    remember(written) {
      for (const cd of written.days.values()) {
        if (cd.viewers.size === 0 || cd.day < day) continue;
        if (cd.day > day || size + cd.viewers.size > max) {
          byCredential = new Map();
          size = 0;
          day = cd.day;
        }
        const known = byCredential.get(cd.credential.id);
        if (!known) byCredential.set(cd.credential.id, cd.viewers); // the written buffer is done with: its set is kept as it is
        else for (const viewer of cd.viewers) known.add(viewer);
        size += cd.viewers.size;
      }
    },
  };
}
