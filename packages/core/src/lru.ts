/**
 * A Map bounded to `max` entries, least recently used evicted first (approximately: an entry is
 * moved to the recent end only once it has fallen behind by `max / 4` insertions or refreshes, so
 * a hot entry costs a lookup, not a delete and a re-insert, per `get`).
 */
export class Lru<K, V> {
  private readonly map = new Map<K, { value: V; tick: number }>();
  private tick = 0;
  private readonly slack: number;

  constructor(private readonly max: number) {
    this.slack = Math.max(1, Math.floor(max / 4));
  }

  get(key: K): V | undefined {
    const entry = this.map.get(key);
    if (entry === undefined) return undefined;
    if (this.tick - entry.tick >= this.slack) {
      this.map.delete(key);
      entry.tick = ++this.tick;
      this.map.set(key, entry);
    }
    return entry.value;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, { value, tick: ++this.tick });
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as K);
  }

  delete(key: K): void {
    this.map.delete(key);
  }

  get size(): number {
    return this.map.size;
  }
}
