import { BakingError } from './errors.js';
import { crc32 } from './crc32.js';

/** The eight bytes every PNG datastream starts with. */
export const PNG_SIGNATURE: Uint8Array = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

const MAX_CHUNK_LENGTH = 0x7fffffff;

/** One chunk, as views into the original bytes (never copied, never mutated). */
export interface PngChunk {
  readonly type: string;
  readonly data: Uint8Array;
  /** Offset of the chunk's length field. */
  readonly start: number;
  /** Offset just after the chunk's CRC. */
  readonly end: number;
}

export function hasPngSignature(bytes: Uint8Array): boolean {
  if (bytes.length < PNG_SIGNATURE.length) return false;
  return PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

function readUint32(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>> 0;
}

function writeUint32(target: Uint8Array, offset: number, value: number): void {
  target[offset] = (value >>> 24) & 0xff;
  target[offset + 1] = (value >>> 16) & 0xff;
  target[offset + 2] = (value >>> 8) & 0xff;
  target[offset + 3] = value & 0xff;
}

function isChunkTypeByte(b: number): boolean {
  return (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
}

/**
 * Walk the chunks of a PNG one at a time: checks the signature, each chunk's bounds, type and CRC,
 * and the chunk count, and stops after IEND. Callers may stop early.
 */
export function* walkPngChunks(bytes: Uint8Array, maxChunks: number): Generator<PngChunk> {
  if (!hasPngSignature(bytes)) throw new BakingError('not-png', 'Not a PNG: the PNG signature is missing');
  let offset = PNG_SIGNATURE.length;
  let count = 0;
  while (true) {
    if (offset + 12 > bytes.length) throw new BakingError('truncated', 'PNG ends before its IEND chunk');
    if (++count > maxChunks) throw new BakingError('too-many-chunks', `PNG has more than ${maxChunks} chunks`);
    const length = readUint32(bytes, offset);
    if (length > MAX_CHUNK_LENGTH) throw new BakingError('bad-chunk', `PNG chunk at byte ${offset} has an invalid length`);
    const typeBytes = bytes.subarray(offset + 4, offset + 8);
    if (!typeBytes.every(isChunkTypeByte)) throw new BakingError('bad-chunk', `PNG chunk at byte ${offset} has an invalid type`);
    const end = offset + 12 + length;
    if (end > bytes.length) throw new BakingError('truncated', `PNG chunk at byte ${offset} runs past the end of the file`);
    const type = String.fromCharCode(...typeBytes);
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    if (crc32(typeBytes, data) !== readUint32(bytes, end - 4)) {
      throw new BakingError('bad-crc', `PNG chunk ${type} at byte ${offset} has a bad CRC`);
    }
    yield { type, data, start: offset, end };
    if (type === 'IEND') return;
    offset = end;
  }
}

/** A complete chunk (length, type, data, CRC) ready to be written out. */
export function encodeChunk(type: string, data: Uint8Array): Uint8Array {
  const typeBytes = Uint8Array.from(type, (c) => c.charCodeAt(0));
  const out = new Uint8Array(12 + data.length);
  writeUint32(out, 0, data.length);
  out.set(typeBytes, 4);
  out.set(data, 8);
  writeUint32(out, 8 + data.length, crc32(typeBytes, data));
  return out;
}
