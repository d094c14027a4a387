import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromBase64Url, toBase64Url } from './base64url.js';

describe('base64url', () => {
  it("round-trips every length, and reads base64url, base64, padded or not, as Node's decoder does", () => {
    // Short texts go through the table decoder, long ones (≥ 128 characters) through Node's.
    for (const length of [...Array.from({ length: 70 }, (_, i) => i), 95, 96, 97, 98, 200, 4001]) {
      const bytes = randomBytes(length);
      const encoded = toBase64Url(bytes);
      expect(encoded).toBe(bytes.toString('base64url'));
      expect(Buffer.from(fromBase64Url(encoded))).toEqual(bytes);
      expect(Buffer.from(fromBase64Url(bytes.toString('base64')))).toEqual(bytes);
    }
  });

  it('refuses what is not base64: other characters, padding inside, an impossible length', () => {
    const long = 'A'.repeat(200);
    for (const bad of [`${long}$`, `${long}=A==`, `${long}\u0141A`, `${long} AA`, `${long}A`, `${long}.AAA`]) expect(() => fromBase64Url(bad), bad.slice(200)).toThrow(TypeError);
    for (const bad of ['ab$d', 'ab=d', 'abcde', 'é', 'ab\u0100c', 'ab cd', 'abc\uffff', 'A\u0141', 'abcdef\u0000', 'ab-\ud83d']) expect(() => fromBase64Url(bad), bad).toThrow(TypeError);
  });

  it("reads any string of the alphabet as Node's decoder does, leftover bits included", () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (const length of [...Array.from({ length: 70 }, (_, i) => i), 126, 127, 128, 130, 131, 1000, 1002, 1003]) {
      if (length % 4 === 1) continue;
      const text = Array.from(randomBytes(length), (b) => alphabet[b & 63]).join('');
      expect(Buffer.from(fromBase64Url(text)), text).toEqual(Buffer.from(text, 'base64url'));
    }
  });
});
