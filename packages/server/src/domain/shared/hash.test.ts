import { describe, expect, it } from 'vitest';
import { sha256Hex, sha256HexInPieces } from './hash.js';

describe('sha256HexInPieces', () => {
  it('gives the digest of the whole value, pausing between pieces, a surrogate pair never split', async () => {
    // '🎓' is a surrogate pair: pieces of 3 characters cut 'a🎓b🎓…' right inside pairs unless they step back.
    const values = ['', 'a', 'abc', 'a🎓b🎓c🎓🎓🎓d', '🎓'.repeat(7), `${'é'.repeat(5)}\u{10FFFF}x`, 'lone \ud800 half'];
    for (const value of values) {
      for (const size of [1, 2, 3, 4, 1000]) {
        let pauses = 0;
        const digest = await sha256HexInPieces(value, size, async () => void pauses++);
        expect(digest, `${JSON.stringify(value)} in pieces of ${size}`).toBe(sha256Hex(value));
        // Structurally: one pause between two pieces, none after the last.
        if (size >= value.length) expect(pauses).toBe(0);
        else expect(pauses).toBeGreaterThanOrEqual(Math.ceil(value.length / Math.max(2, size)) - 1);
      }
    }
  });

  it('lets the event loop run between pieces (a large CSV does not hold it)', async () => {
    const immediate: number[] = [];
    const value = 'x'.repeat(64 * 1024);
    const pending = sha256HexInPieces(value, 4096);
    // Work queued on the loop runs before the digest is done: here 15 setImmediate callbacks in between.
    for (let i = 0; i < 15; i++) setImmediate(() => immediate.push(i));
    const digest = await pending;
    expect(digest).toBe(sha256Hex(value));
    expect(immediate.length).toBeGreaterThan(0);
  });
});
