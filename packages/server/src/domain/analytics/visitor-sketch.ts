import { VisitorSet } from './visitor-set.js';

/** Register index bits of the HyperLogLog form: 2^14 registers, a relative standard error of 1.04/√2^14 ≈ 0.8%. */
const PRECISION = 14;
const REGISTERS = 1 << PRECISION;
/** The largest register value: the position of the first 1 among the 64 − 14 bits left of a hash, or 51 when none is. */
const MAX_RANK = 64 - PRECISION + 1;
/** Visitors held exactly, hash by hash, up to this many (their 8 bytes each fill the registers' 16 KB): then registers. */
export const EXACT_VISITORS = 2048;
const EXACT = 1;
const DENSE = 2;
const ALPHA = 0.7213 / (1 + 1.079 / REGISTERS);
/** 2^−r for every register value r. */
const POWERS = Float64Array.from({ length: MAX_RANK + 1 }, (_, r) => 2 ** -r);

/**
 * The distinct visitors of one credential on one day, as stored beside its counts: a union of visitor hashes
 * (`viewerWords`) that two instances can merge, so that a visitor seen by both counts once. It replaces a row per
 * visitor (a busy page's few thousand new visitors a second were as many B-tree inserts and a commit rewriting as many
 * pages: more than half of what recording a view cost).
 *
 * Exact up to `EXACT_VISITORS` (the hashes themselves); beyond, a HyperLogLog of 2^14 one-byte registers (Flajolet et
 * al. 2007, with its linear counting for the small range): the count is then an estimate within about 1% (2% at
 * worst, docs/analytics.md). The hashes are SHA-256 bits of a salt no one outside knows, so they are uniform and need
 * no second hash; merging is a union (exact) or a register-wise maximum, both idempotent: a visitor merged twice
 * changes nothing.
 *
 * Written from scratch rather than taken from a library: the npm HyperLogLog packages hash strings themselves and keep
 * their own formats; here the input is already a 64-bit cryptographic hash and the form must stay stable in the
 * database.
 */
export class VisitorSketch {
  private exact: VisitorSet | undefined;
  private registers: Uint8Array | undefined;

  private constructor(exact: VisitorSet | undefined, registers: Uint8Array | undefined) {
    this.exact = exact;
    this.registers = registers;
  }

  static empty(): VisitorSketch {
    return new VisitorSketch(new VisitorSet(), undefined);
  }

  /**
   * A stored sketch (`encode`'s bytes), or undefined when they are not one (empty, cut, an unknown kind, a register
   * out of range): the caller starts again from an empty sketch.
   */
  static decode(bytes: Uint8Array): VisitorSketch | undefined {
    if (bytes.length === 0) return undefined;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes[0] === EXACT) {
      const n = (bytes.length - 1) / 8;
      if (!Number.isInteger(n) || n > EXACT_VISITORS) return undefined;
      const set = new VisitorSet(n);
      for (let i = 0; i < n; i++) set.add(view.getInt32(1 + i * 8), view.getInt32(5 + i * 8));
      return new VisitorSketch(set, undefined);
    }
    if (bytes[0] === DENSE && bytes.length === 1 + REGISTERS) {
      const registers = bytes.slice(1);
      for (let i = 0; i < REGISTERS; i++) if (registers[i]! > MAX_RANK) return undefined;
      return new VisitorSketch(undefined, registers);
    }
    return undefined;
  }

  /** Adds a visitor (its hash's high and low 32-bit words). */
  add(high: number, low: number): void {
    if (this.exact) {
      this.exact.add(high, low);
      if (this.exact.size > EXACT_VISITORS) this.toRegisters();
      return;
    }
    mark(this.registers!, high | 0, low | 0);
  }

  /** The distinct visitors: exact while the hashes are kept, an estimate after. */
  count(): number {
    return this.exact ? this.exact.size : estimate(this.registers!);
  }

  encode(): Uint8Array {
    if (this.registers) {
      const out = new Uint8Array(1 + REGISTERS);
      out[0] = DENSE;
      out.set(this.registers, 1);
      return out;
    }
    const set = this.exact!;
    const out = new Uint8Array(1 + set.size * 8);
    const view = new DataView(out.buffer);
    out[0] = EXACT;
    let at = 1;
    set.forEach((high, low) => {
      view.setInt32(at, high);
      view.setInt32(at + 4, low);
      at += 8;
    });
    return out;
  }

  private toRegisters(): void {
    const registers = new Uint8Array(REGISTERS);
    this.exact!.forEach((high, low) => mark(registers, high, low));
    this.exact = undefined;
    this.registers = registers;
  }
}

/** The register of a hash: its first 14 bits choose it; the position of the first 1 in the other 50 bits is its rank. */
function mark(registers: Uint8Array, high: number, low: number): void {
  const index = high >>> (32 - PRECISION);
  const rest = (high << PRECISION) >>> 0; // the high word's other 18 bits, at the top
  const rank = rest !== 0 ? Math.clz32(rest) + 1 : Math.min(32 - PRECISION + Math.clz32(low) + 1, MAX_RANK);
  if (rank > registers[index]!) registers[index] = rank;
}

function estimate(registers: Uint8Array): number {
  let sum = 0;
  let zeros = 0;
  for (let i = 0; i < REGISTERS; i++) {
    const r = registers[i]!;
    sum += POWERS[r]!;
    if (r === 0) zeros++;
  }
  const raw = (ALPHA * REGISTERS * REGISTERS) / sum;
  // Small range: linear counting over the empty registers is the better estimate (64-bit hashes need no large range correction).
  if (raw <= 2.5 * REGISTERS && zeros > 0) return Math.round(REGISTERS * Math.log(REGISTERS / zeros));
  return Math.round(raw);
}
