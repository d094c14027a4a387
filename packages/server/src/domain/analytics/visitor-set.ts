/** This platform's word order inside a 64-bit integer (every platform Node runs on today is little-endian). */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const MIN_CAPACITY = 16;
/** The index of the high word in an Int32Array over a BigInt64Array. */
const HIGH = LITTLE_ENDIAN ? 1 : 0;
const SCRATCH = new BigInt64Array(1);
const SCRATCH_WORDS = new Int32Array(SCRATCH.buffer);

/**
 * A set of 64-bit visitor hashes, each held as two 32-bit words (high, low) in typed arrays, with a small integer
 * per hash (what the hash was a visitor of: an index the owner keeps). Open addressing, linear probing, at most half
 * full. No `BigInt`, no object per entry: the garbage collector sees three arrays, not one object per visitor, and
 * never copies or walks the entries — a busy page's hundreds of thousands of day's visitors cost it nothing.
 *
 * The hashes are a cryptographic digest's bits (SHA-256 of a salt no one outside knows), so their low word is a good
 * slot already; an attacker cannot choose visitors that collide. Removing is not needed (a day's set is dropped whole).
 */
export class VisitorSet {
  /** (high, low) of slot i at 2i, 2i + 1. */
  private words: Int32Array;
  /** The value of slot i + 1; 0 marks an empty slot. */
  private values: Int32Array;
  private mask: number;
  private count = 0;

  constructor(expected = MIN_CAPACITY) {
    let capacity = MIN_CAPACITY;
    while (capacity < expected * 2) capacity *= 2;
    this.words = new Int32Array(capacity * 2);
    this.values = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  private slotOf(high: number, low: number): number {
    const { words, values, mask } = this;
    let slot = low & mask;
    while (values[slot] !== 0 && (words[slot * 2] !== high || words[slot * 2 + 1] !== low)) slot = (slot + 1) & mask;
    return slot;
  }

  /** The value of the hash (high, low), or −1 when it is not in the set. */
  get(high: number, low: number): number {
    return this.values[this.slotOf(high | 0, low | 0)]! - 1;
  }

  /** The value of a hash given as one signed 64-bit integer (a database's answer), or −1 (no allocation). */
  getInt64(value: bigint): number {
    SCRATCH[0] = value;
    return this.get(SCRATCH_WORDS[HIGH]!, SCRATCH_WORDS[1 - HIGH]!);
  }

  has(high: number, low: number): boolean {
    return this.get(high, low) >= 0;
  }

  /** Adds the hash with `value` (≥ 0); false, and the value it has kept, when it was there already. */
  add(high: number, low: number, value = 0): boolean {
    high |= 0;
    low |= 0;
    let slot = this.slotOf(high, low);
    if (this.values[slot] !== 0) return false;
    if ((this.count + 1) * 2 > this.values.length) {
      this.grow();
      slot = this.slotOf(high, low);
    }
    this.words[slot * 2] = high;
    this.words[slot * 2 + 1] = low;
    this.values[slot] = value + 1;
    this.count++;
    return true;
  }

  /** Calls `fn` with every hash and its value (in no particular order). */
  forEach(fn: (high: number, low: number, value: number) => void): void {
    const { words, values } = this;
    for (let slot = 0; slot < values.length; slot++) if (values[slot] !== 0) fn(words[slot * 2]!, words[slot * 2 + 1]!, values[slot]! - 1);
  }

  /** Every hash as a signed 64-bit integer, sorted ascending (made without a `BigInt` each). */
  sorted(): BigInt64Array {
    const out = new BigInt64Array(this.count);
    const halves = new Int32Array(out.buffer);
    const hi = HIGH;
    const { words, values } = this;
    let at = 0;
    for (let slot = 0; slot < values.length; slot++) {
      if (values[slot] === 0) continue;
      halves[at + hi] = words[slot * 2]!;
      halves[at + 1 - hi] = words[slot * 2 + 1]!;
      at += 2;
    }
    return out.sort();
  }

  private grow(): void {
    const { words, values } = this;
    const capacity = values.length * 2;
    this.words = new Int32Array(capacity * 2);
    this.values = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (let slot = 0; slot < values.length; slot++) {
      if (values[slot] === 0) continue;
      const to = this.slotOf(words[slot * 2]!, words[slot * 2 + 1]!);
      this.words[to * 2] = words[slot * 2]!;
      this.words[to * 2 + 1] = words[slot * 2 + 1]!;
      this.values[to] = values[slot]!;
    }
  }
}

/** The (high, low) 32-bit words of a signed 64-bit integer (a database's answer). */
export const wordsOf = (value: bigint): [number, number] => [Number(BigInt.asIntN(32, value >> 32n)), Number(BigInt.asIntN(32, value))];

/** The signed 64-bit integer of (high, low) words. */
export const bigintOf = (high: number, low: number): bigint => (BigInt(high | 0) << 32n) | BigInt(low >>> 0);
