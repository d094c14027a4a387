import { gunzipSync, gzipSync } from 'fflate';
import { fromBase64Url, toBase64Url } from './base64url.js';
import { StatusListError } from './errors.js';

/** W3C minimum list size: 16 KiB = 131,072 entries, for herd privacy. */
export const MIN_STATUS_LIST_BITS = 131_072;
/** Decompressed lists larger than this (16 MiB) are refused (gzip bomb guard). */
const MAX_LIST_BYTES = 16 * 1024 * 1024;

/** A zeroed bitstring of `length` bits (rounded up to whole bytes; at least the W3C minimum). */
export function createBitstring(length = MIN_STATUS_LIST_BITS): Uint8Array {
  if (!Number.isInteger(length) || length < MIN_STATUS_LIST_BITS) {
    throw new StatusListError('too-short', `A status list has at least ${MIN_STATUS_LIST_BITS} entries`);
  }
  return new Uint8Array(Math.ceil(length / 8));
}

function position(bits: Uint8Array, index: number): { byte: number; mask: number } {
  if (!Number.isInteger(index) || index < 0 || index >= bits.length * 8) {
    throw new StatusListError('index-out-of-range', `Status index ${index} is outside the list (${bits.length * 8} entries)`);
  }
  // Index 0 is the left-most (most significant) bit of the first byte.
  return { byte: index >> 3, mask: 0x80 >> (index & 7) };
}

export function getBit(bits: Uint8Array, index: number): boolean {
  const { byte, mask } = position(bits, index);
  return ((bits[byte] ?? 0) & mask) !== 0;
}

/** A copy of `bits` with entry `index` set to `value` (the input is not mutated). */
export function withBit(bits: Uint8Array, index: number, value: boolean): Uint8Array {
  const { byte, mask } = position(bits, index);
  const copy = bits.slice();
  copy[byte] = value ? (copy[byte] ?? 0) | mask : (copy[byte] ?? 0) & ~mask;
  return copy;
}

/** BitstringStatusList `encodedList`: multibase base64url (`u` prefix) of the GZIP-compressed bits. */
export function encodeBitstring(bits: Uint8Array): string {
  if (bits.length * 8 < MIN_STATUS_LIST_BITS) {
    throw new StatusListError('too-short', `A status list has at least ${MIN_STATUS_LIST_BITS} entries`);
  }
  return `u${toBase64Url(gzipSync(bits, { mtime: 0 }))}`;
}

/**
 * Decodes an `encodedList`: BitstringStatusList (`u`-prefixed multibase base64url) or
 * StatusList2021 (plain base64url/base64, no prefix). Both are GZIP-compressed.
 */
export function decodeBitstring(encodedList: string): Uint8Array {
  const body = encodedList.startsWith('u') ? encodedList.slice(1) : encodedList;
  let compressed: Uint8Array;
  try {
    compressed = fromBase64Url(body);
  } catch (cause) {
    throw new StatusListError('invalid-encoding', 'encodedList is not base64url', { cause });
  }
  // GZIP's trailer gives the decompressed size: refuse bombs before inflating.
  const n = compressed.length;
  const size = n < 18 ? -1 : ((compressed[n - 4]! | (compressed[n - 3]! << 8) | (compressed[n - 2]! << 16)) >>> 0) + compressed[n - 1]! * 2 ** 24;
  if (size < 0 || size > MAX_LIST_BYTES) throw new StatusListError('invalid-list', 'encodedList is not a plausible GZIP-compressed list');
  try {
    const bits = gunzipSync(compressed, { out: new Uint8Array(size) });
    if (bits.length !== size) throw new Error('size mismatch');
    return bits;
  } catch (cause) {
    throw new StatusListError('invalid-encoding', 'encodedList is not GZIP-compressed', { cause });
  }
}
