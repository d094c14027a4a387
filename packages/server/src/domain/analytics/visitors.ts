import { hash, randomBytes } from 'node:crypto';
import type { EngagementBuffer } from './engagement-buffer.js';
import type { AnalyticsRepo } from './ports.js';
import type { RequestSignal } from './privacy.js';
import { bigintOf, VisitorSet } from './visitor-set.js';

/**
 * A visitor of the day: the first 64 bits of SHA-256(day's salt, credential, address, user agent), as a signed integer
 * (the database's key: one per credential and visitor and day, as the salt changes every day). The address and user
 * agent are never written; without the salt, deleted when the day ends, the hash cannot be recomputed. Two visitors of a
 * day share a hash with odds of about n²/2^65 among n (docs/analytics.md): the second would count as the first.
 * Computed in the recorder's batch, not on the request's path (record-engagement.ts).
 *
 * Written into `out` as its (high, low) 32-bit words: a view makes no `BigInt`. The digest is read as a 'binary' (latin1) string
 * (one character a byte): ~0.6 µs a hash in a loop, against ~0.8 µs as hex parsed in two halves and ~1.2 µs as a
 * `Buffer`.
 */
export function viewerWords(salt: string, credentialId: string, address: string | undefined, userAgent: string | undefined, out: Int32Array): Int32Array {
  // The digest as a one-byte-per-character string: its first eight characters are the two words (no hex to parse).
  const d = hash('sha256', `${salt}\n${credentialId}\n${address ?? ''}\n${userAgent ?? ''}`, 'binary');
  out[0] = (d.charCodeAt(0) << 24) | (d.charCodeAt(1) << 16) | (d.charCodeAt(2) << 8) | d.charCodeAt(3);
  out[1] = (d.charCodeAt(4) << 24) | (d.charCodeAt(5) << 16) | (d.charCodeAt(6) << 8) | d.charCodeAt(7);
  return out;
}

/** The same hash as one signed 64-bit integer (as stored). */
export const viewerHash = (salt: string, credentialId: string, signal: RequestSignal): bigint => {
  const [high, low] = viewerWords(salt, credentialId, signal.address, signal.userAgent, new Int32Array(2));
  return bigintOf(high!, low!);
};

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
 * Visitors this process has already written today: their next views are not first visits, so they are neither kept in
 * memory again nor asked of the database. Other instances' visitors are still found by the database's unique row. At
 * most `max` are remembered (then the memory starts again: those are merely asked again), in a typed-array set
 * (some 24 bytes each at most, none of them an object for the garbage collector).
 */
export function knownVisitors(max: number): { has(day: string, high: number, low: number): boolean; remember(written: EngagementBuffer): void } {
  let day = '';
  let known = new VisitorSet();
  return {
    has: (d, high, low) => d === day && known.has(high, low),
    remember(written) {
      for (const [d, viewers] of written.visitors) {
        if (viewers.size === 0 || d < day) continue;
        if (d > day || known.size + viewers.size > max) {
          known = new VisitorSet(Math.min(max, Math.max(viewers.size, known.size)));
          day = d;
        }
        viewers.forEach((high, low) => known.add(high, low));
      }
    },
  };
}
