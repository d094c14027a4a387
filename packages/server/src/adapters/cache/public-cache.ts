/**
 * Rendered public answers kept in this process (the public credential page and its widget, signed
 * status lists), dropped when what they show changes. Every change this process commits drops the
 * entries at once; changes committed by other instances arrive through Redis (redis-invalidation.ts)
 * or, without Redis, show once an entry's time to live ends. Only anonymous answers are kept: a page
 * shown to its owner or through a view link is never stored (the route decides, see public-pages).
 */

/** What changed, as far as public answers care. */
export type PublicChange =
  /** One credential's row or documents: its pages. */
  | { kind: 'credential'; id: string }
  /** An issuer, achievement, organisation, image or an erasure: every page (rare edits, dropped wholesale). */
  | { kind: 'pages' }
  /** A status bit, a list grown, a key rotated: every status list. */
  | { kind: 'status-lists' };

export interface CachedAnswer {
  body: string;
  etag: string;
  /** Anything the route needs to answer a hit (the credential counted as viewed, the language). */
  meta?: Record<string, unknown>;
}

interface Entry extends CachedAnswer {
  expiresAt: number;
  bytes: number;
  tags: readonly string[];
}

export interface PublicCacheOptions {
  /** How long an entry may be served without news of a change (ms); 0 turns the cache off. */
  ttlMs: number;
  /** Upper bound of the bodies kept (bytes, UTF-16 length × 2 as an estimate); least recently used go first. */
  maxBytes?: number;
  now?: () => number;
}

export interface PublicCache {
  readonly enabled: boolean;
  /** Increases on every invalidation: a fill started before one is not stored (it may hold what changed). */
  readonly epoch: number;
  get(space: 'page' | 'status', key: string): CachedAnswer | undefined;
  /** Stores unless something was invalidated since `epoch` was read; `until` caps the entry's life (ms since 1970). */
  set(space: 'page' | 'status', key: string, answer: CachedAnswer, options: { epoch: number; tags?: readonly string[]; until?: number | undefined }): void;
  /** Drops what the change touches, here; `local` is true for changes committed by this process. */
  invalidate(change: PublicChange, options?: { local?: boolean }): void;
  /** Drops everything (e.g. when news from other instances may have been missed). */
  clear(): void;
  /** Told of every change committed by this process (to tell the other instances). */
  onLocalChange(listener: (change: PublicChange) => void): void;
  stats(): { entries: number; bytes: number; hits: number; misses: number };
}

export const DEFAULT_MAX_BYTES = 64 * 2 ** 20;

export function createPublicCache(options: PublicCacheOptions): PublicCache {
  const now = options.now ?? Date.now;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const enabled = options.ttlMs > 0;
  // A Map keeps insertion order: re-inserting on a hit makes the first key the least recently used.
  const entries = new Map<string, Entry>();
  const byTag = new Map<string, Set<string>>();
  const listeners: Array<(change: PublicChange) => void> = [];
  let bytes = 0;
  let epoch = 0;
  let hits = 0;
  let misses = 0;

  const remove = (key: string): void => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.bytes;
    for (const tag of entry.tags) {
      const keys = byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) byTag.delete(tag);
    }
  };
  const removeTag = (tag: string): void => {
    for (const key of [...(byTag.get(tag) ?? [])]) remove(key);
  };
  const clear = (): void => {
    epoch++;
    entries.clear();
    byTag.clear();
    bytes = 0;
  };

  return {
    enabled,
    get epoch() {
      return epoch;
    },
    get(space, key) {
      const k = `${space}:${key}`;
      const entry = entries.get(k);
      if (!entry || entry.expiresAt <= now()) {
        if (entry) remove(k);
        misses++;
        return undefined;
      }
      entries.delete(k);
      entries.set(k, entry);
      hits++;
      return entry;
    },
    set(space, key, answer, o) {
      if (!enabled || o.epoch !== epoch) return;
      const k = `${space}:${key}`;
      const size = answer.body.length * 2;
      if (size > maxBytes / 8) return;
      remove(k);
      const tags = [`${space}:*`, ...(o.tags ?? []).map((t) => `${space}:${t}`)];
      entries.set(k, { ...answer, bytes: size, tags, expiresAt: Math.min(now() + options.ttlMs, o.until ?? Infinity) });
      bytes += size;
      for (const tag of tags) {
        let keys = byTag.get(tag);
        if (!keys) byTag.set(tag, (keys = new Set()));
        keys.add(k);
      }
      while (bytes > maxBytes) remove(entries.keys().next().value!);
    },
    invalidate(change, o = {}) {
      epoch++;
      if (change.kind === 'credential') removeTag(`page:credential:${change.id}`);
      else if (change.kind === 'pages') removeTag('page:*');
      else removeTag('status:*');
      if (o.local) for (const listener of listeners) listener(change);
    },
    clear,
    onLocalChange(listener) {
      listeners.push(listener);
    },
    stats: () => ({ entries: entries.size, bytes, hits, misses }),
  };
}
