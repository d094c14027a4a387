import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bigintOf, VisitorSet, wordsOf } from './visitor-set.js';
import { viewerHash, viewerWords } from './visitors.js';

describe('visitor hashes in typed arrays', () => {
  it('keeps every 64-bit hash and its value, growing, whatever its words (zero, negative, extremes)', () => {
    const set = new VisitorSet();
    const hashes = [0n, -1n, 1n, -(2n ** 63n), 2n ** 63n - 1n, 2n ** 32n, -(2n ** 32n), 0xffffffffn, ...Array.from({ length: 5000 }, () => randomBytes(8).readBigInt64BE(0))];
    const unique = [...new Set(hashes)];
    unique.forEach((h, i) => expect(set.add(...wordsOf(h), i)).toBe(true));
    expect(set.size).toBe(unique.length);
    // A hash added again keeps its first value.
    expect(set.add(...wordsOf(unique[3]!), 99)).toBe(false);
    unique.forEach((h, i) => expect(set.get(...wordsOf(h))).toBe(i));
    unique.forEach((h, i) => expect(set.getInt64(h)).toBe(i));
    expect(set.getInt64(123456789n) === -1).toBe(!unique.includes(123456789n));
    expect(set.has(...wordsOf(12345n))).toBe(unique.includes(12345n));
    expect([...set.sorted()]).toEqual([...unique].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    for (const h of unique) expect(bigintOf(...wordsOf(h))).toBe(h);
  });

  it('tells apart hashes that share a low word or a high word (the same slot, long probe chains)', () => {
    const set = new VisitorSet();
    for (let i = 0; i < 2000; i++) expect(set.add(i, 7, i)).toBe(true);
    for (let i = 0; i < 2000; i++) expect(set.add(7, i, 10_000 + i)).toBe(i === 7 ? false : true);
    for (let i = 0; i < 2000; i++) expect(set.get(i, 7)).toBe(i);
    for (let i = 0; i < 2000; i++) if (i !== 7) expect(set.get(7, i)).toBe(10_000 + i);
    expect(set.get(2001, 7)).toBe(-1);
    expect(set.size).toBe(3999);
  });

  it('gives the same hash as the one stored before (the first 64 bits of the hex digest)', () => {
    const signal = { address: '192.0.2.10', userAgent: 'Mozilla/5.0 Firefox/133.0' };
    const words = viewerWords('salt', 'credential', signal.address, signal.userAgent, new Int32Array(2));
    expect(bigintOf(words[0]!, words[1]!)).toBe(viewerHash('salt', 'credential', signal));
    // SHA-256("salt\ncredential\n192.0.2.10\nMozilla/5.0 Firefox/133.0"), its first 16 hex digits as a signed integer.
    const hex = `0x${createHash('sha256').update('salt\ncredential\n192.0.2.10\nMozilla/5.0 Firefox/133.0').digest('hex').slice(0, 16)}`;
    expect(viewerHash('salt', 'credential', signal)).toBe(BigInt.asIntN(64, BigInt(hex)));
  });
});
