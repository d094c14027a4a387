import { hash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EXACT_VISITORS, VisitorSketch } from './visitor-sketch.js';

/** The i-th visitor of a stream: a SHA-256's first 64 bits, as the recorder's hashes are. */
const visitor = (stream: string, i: number): [number, number] => {
  const d = hash('sha256', `${stream}:${i}`, 'buffer');
  return [d.readInt32BE(0), d.readInt32BE(4)];
};
const filled = (stream: string, from: number, to: number, into = VisitorSketch.empty()): VisitorSketch => {
  for (let i = from; i < to; i++) into.add(...visitor(stream, i));
  return into;
};
const roundTrip = (s: VisitorSketch): VisitorSketch => VisitorSketch.decode(s.encode())!;

describe('VisitorSketch', () => {
  it('counts exactly while it keeps the hashes: repeats once, extremes kept, the same after a round trip', () => {
    const s = filled('a', 0, 1000);
    filled('a', 0, 500, s); // seen again
    s.add(0, 0);
    s.add(-1, -1);
    s.add(-2147483648, 2147483647);
    expect(s.count()).toBe(1003);
    const back = roundTrip(s);
    expect(back.count()).toBe(1003);
    back.add(-1, -1);
    expect(back.count()).toBe(1003);
    expect(roundTrip(filled('b', 0, EXACT_VISITORS)).count()).toBe(EXACT_VISITORS);
  });

  it('estimates beyond the exact range within 2% (streams of 3,000, 20,000, 60,000 and 200,000 visitors)', () => {
    for (const n of [3000, 20_000, 60_000, 200_000]) {
      for (let stream = 0; stream < (n > 20_000 ? 2 : 6); stream++) {
        const s = filled(`${n}/${stream}`, 0, n);
        expect(Math.abs(s.count() / n - 1)).toBeLessThan(0.02);
        expect(roundTrip(s).count()).toBe(s.count());
      }
    }
  });

  it('merges as a union: two instances’ overlapping visitors count once, whatever the order, the form or a repeat', () => {
    // Instance A saw 0..30,000, instance B 20,000..50,000: 50,000 distinct.
    const a = filled('m', 0, 30_000);
    const merged = roundTrip(a);
    filled('m', 20_000, 50_000, merged);
    filled('m', 0, 50_000, merged); // every visitor again
    expect(Math.abs(merged.count() / 50_000 - 1)).toBeLessThan(0.02);
    const other = filled('m', 20_000, 50_000);
    filled('m', 0, 30_000, other);
    expect(other.count()).toBe(merged.count()); // the registers are the same whatever the order
    expect(Buffer.from(other.encode()).equals(Buffer.from(merged.encode()))).toBe(true);
  });

  it('refuses bytes that are not a sketch (the caller starts again from empty)', () => {
    const dense = filled('d', 0, 5000).encode();
    const tooHigh = dense.slice();
    tooHigh[100] = 52;
    for (const bad of [new Uint8Array(0), new Uint8Array([3]), new Uint8Array([1, 0, 0]), dense.subarray(0, 100), tooHigh, new Uint8Array(1 + 8 * (EXACT_VISITORS + 1)).fill(1, 0, 1)]) {
      expect(VisitorSketch.decode(bad)).toBeUndefined();
    }
    expect(VisitorSketch.decode(new Uint8Array([1]))!.count()).toBe(0);
  });
});
