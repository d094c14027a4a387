import type { SignInThrottle } from '../../domain/sessions/ports.js';
import { lockMs } from '../../domain/sessions/sign-in-throttle.js';

interface Counter {
  failures: number;
  lockedUntil: number;
  forgetAt: number;
}

/**
 * Sign-in counters in this process's memory (one instance, or the fallback when Redis fails). At most
 * `maxEntries` counters are kept (about 150 bytes each): when full, the least recently failed one is
 * dropped, so a flood of made-up addresses costs bounded memory.
 */
export function memorySignInThrottle(options: { maxEntries?: number } = {}): SignInThrottle {
  const maxEntries = options.maxEntries ?? 100_000;
  const counters = new Map<string, Counter>();
  const live = (key: string, nowMs: number): Counter | undefined => {
    const c = counters.get(key);
    if (c && c.forgetAt <= nowMs) {
      counters.delete(key);
      return undefined;
    }
    return c;
  };
  /** Drop a few forgotten counters from the old end on each write, and the oldest when full. */
  const sweep = (nowMs: number): void => {
    let looked = 0;
    for (const [key, c] of counters) {
      if (++looked > 8) break;
      if (c.forgetAt <= nowMs) counters.delete(key);
    }
    while (counters.size >= maxEntries) counters.delete(counters.keys().next().value!);
  };
  return {
    async lockedUntil(keys, nowMs) {
      let until = 0;
      for (const key of keys) {
        const c = live(key, nowMs);
        if (c && c.lockedUntil > nowMs) until = Math.max(until, c.lockedUntil);
      }
      return until;
    },
    async recordFailure(entries, nowMs) {
      let until = 0;
      for (const { key, rule } of entries) {
        const previous = live(key, nowMs);
        counters.delete(key); // re-inserted last: the map stays ordered by latest failure
        sweep(nowMs);
        const failures = (previous?.failures ?? 0) + 1;
        const lock = lockMs(failures, rule);
        const lockedUntil = Math.max(previous?.lockedUntil ?? 0, lock > 0 ? nowMs + lock : 0);
        counters.set(key, { failures, lockedUntil, forgetAt: Math.max(nowMs + rule.forgetAfterSeconds * 1000, lockedUntil) });
        if (lockedUntil > nowMs) until = Math.max(until, lockedUntil);
      }
      return until;
    },
    async clear(keys) {
      for (const key of keys) counters.delete(key);
    },
  };
}
