import type { BitstringStatusListEntry } from '../ob3/types.js';
import { getBit } from './bitstring.js';

/**
 * One status entry for both revocation and suspension, as the Bitstring Status List recommendation
 * allows: `statusPurpose: "message"` with `statusSize: 2` and a `statusMessage` for each of the four
 * values. Open Badges 3.0 allows at most one `credentialStatus` (both 1EdTech schemas refuse an
 * array), so this is how one OB 3.0 entry lets any verifier tell revoked from suspended.
 *
 * The two bits of entry `i` (bits `2i` and `2i + 1`, read most significant first) are the revocation
 * bit then the suspension bit: 0x0 valid, 0x1 suspended, 0x2 revoked, 0x3 revoked (and suspended).
 */
export const REVOCATION_SUSPENSION_MESSAGES = [
  { status: '0x0', message: 'valid' },
  { status: '0x1', message: 'suspended' },
  { status: '0x2', message: 'revoked' },
  { status: '0x3', message: 'revoked' },
] as const;

export const REVOCATION_SUSPENSION_STATUS_SIZE = 2;

/** The `credentialStatus` entry at entry `index` of a revocation-and-suspension message list. */
export function buildStatusMessageEntry(input: { statusListCredential: string; index: number }): BitstringStatusListEntry {
  if (!Number.isInteger(input.index) || input.index < 0) throw new RangeError('status index must be a non-negative integer');
  return {
    id: `${input.statusListCredential}#${input.index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: 'message',
    statusListIndex: String(input.index),
    statusListCredential: input.statusListCredential,
    statusSize: REVOCATION_SUSPENSION_STATUS_SIZE,
    statusMessage: REVOCATION_SUSPENSION_MESSAGES.map((m) => ({ ...m })),
  };
}

/**
 * The message list's bits from a revocation list and a suspension list of the same length (entry `i`
 * of each): twice as many bits, two per entry. Inputs are not mutated.
 */
export function combineRevocationAndSuspension(revocation: Uint8Array, suspension: Uint8Array): Uint8Array {
  if (revocation.length !== suspension.length) throw new RangeError('the revocation and suspension lists differ in length');
  const out = new Uint8Array(revocation.length * 2);
  for (let byte = 0; byte < revocation.length; byte++) {
    const r = revocation[byte]!;
    const s = suspension[byte]!;
    if ((r | s) === 0) continue;
    // Interleave: source bit k (MSB first) of each byte goes to output bits 2k (revocation) and 2k+1 (suspension).
    let hi = 0;
    let lo = 0;
    for (let k = 0; k < 8; k++) {
      const rb = (r >> (7 - k)) & 1;
      const sb = (s >> (7 - k)) & 1;
      const pair = (rb << 1) | sb;
      if (k < 4) hi |= pair << (6 - 2 * k);
      else lo |= pair << (6 - 2 * (k - 4));
    }
    out[byte * 2] = hi;
    out[byte * 2 + 1] = lo;
  }
  return out;
}

/** The `size`-bit status value of entry `index` (bits `index * size` … read most significant first). */
export function readStatusValue(bits: Uint8Array, index: number, size: number): number {
  let value = 0;
  for (let i = index * size; i < (index + 1) * size; i++) value = (value << 1) | (getBit(bits, i) ? 1 : 0);
  return value;
}
