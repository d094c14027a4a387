import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import * as base58 from 'base58-universal';
import { base58btc } from './base58.js';

describe('base58btc', () => {
  it('matches base58-universal (Digital Bazaar) for empty, zero-led, odd and even lengths, and random bytes', () => {
    const cases: Uint8Array[] = [
      new Uint8Array([]), new Uint8Array([0]), new Uint8Array([0, 0, 0]), new Uint8Array([0, 0, 1]), new Uint8Array([255]), new Uint8Array([57]), new Uint8Array([58]),
      new Uint8Array(64).fill(255), new Uint8Array(64).fill(0), Uint8Array.from([0, 0, ...new Uint8Array(62).fill(255)]),
    ];
    for (let n = 0; n < 2000; n++) {
      const bytes = new Uint8Array(randomBytes(1 + (n % 97)));
      if (n % 5 === 0) bytes.fill(0, 0, Math.min(bytes.length, n % 4));
      cases.push(bytes);
    }
    for (const bytes of cases) expect(base58btc(bytes), Buffer.from(bytes).toString('hex')).toBe(base58.encode(bytes));
  });
});
