import type { IncomingHttpHeaders } from 'node:http';

export interface CacheOptions {
  /** Most responses kept (oldest evicted first). Default 500. */
  readonly maxEntries?: number;
  /** Most body bytes kept in total. Default 16 MiB. */
  readonly maxBytes?: number;
  /** Ceiling on any freshness lifetime, whatever the server says. Default 3600 s. */
  readonly maxTtlSeconds?: number;
}

export interface CachedResponse {
  readonly url: string;
  readonly status: number;
  readonly contentType: string | undefined;
  readonly body: Uint8Array;
}

interface Entry {
  readonly expiresAt: number;
  readonly response: CachedResponse;
}

function directives(header: string | undefined): Map<string, string | true> {
  const found = new Map<string, string | true>();
  for (const part of (header ?? '').split(',')) {
    const [name, value] = part.split('=', 2).map((s) => s.trim());
    if (name) found.set(name.toLowerCase(), value === undefined ? true : value.replace(/^"|"$/g, ''));
  }
  return found;
}

function seconds(value: string | true | undefined): number | undefined {
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

/**
 * How long a response may be reused, in seconds, from its Cache-Control (shared-cache rules:
 * `s-maxage` over `max-age`, minus `Age`); 0 for no-store, no-cache, private, or no lifetime.
 */
export function freshnessSeconds(headers: IncomingHttpHeaders, maxTtlSeconds: number): number {
  const cc = directives(headers['cache-control']);
  if (cc.has('no-store') || cc.has('no-cache') || cc.has('private')) return 0;
  const lifetime = seconds(cc.get('s-maxage')) ?? seconds(cc.get('max-age'));
  if (lifetime === undefined) return 0;
  const age = seconds(headers['age']) ?? 0;
  return Math.max(0, Math.min(lifetime - age, maxTtlSeconds));
}

/** A small in-memory HTTP cache, bounded by entries and bytes, on an injected clock. */
export class ResponseCache {
  readonly #entries = new Map<string, Entry>();
  readonly #now: () => number;
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  readonly maxTtlSeconds: number;
  #bytes = 0;

  constructor(now: () => number, options: CacheOptions = {}) {
    this.#now = now;
    this.#maxEntries = options.maxEntries ?? 500;
    this.#maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
    this.maxTtlSeconds = options.maxTtlSeconds ?? 3600;
  }

  get(key: string): CachedResponse | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > this.#now()) return entry.response;
    this.#delete(key);
    return undefined;
  }

  set(key: string, response: CachedResponse, ttlSeconds: number): void {
    this.#delete(key);
    if (ttlSeconds <= 0 || response.body.length > this.#maxBytes) return;
    this.#entries.set(key, { expiresAt: this.#now() + ttlSeconds * 1000, response });
    this.#bytes += response.body.length;
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.#maxEntries && this.#bytes <= this.#maxBytes) break;
      this.#delete(oldest);
    }
  }

  #delete(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#bytes -= entry.response.body.length;
    this.#entries.delete(key);
  }
}
