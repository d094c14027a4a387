import { BakingError } from './errors.js';
import { resolveLimits, type UnbakeLimits } from './limits.js';
import { encodeChunk, PNG_SIGNATURE, walkPngChunks, type PngChunk } from './png-chunks.js';
import { decodeTextChunk, encodeItxt, readKeyword, TEXT_CHUNK_TYPES } from './text-chunks.js';

/** `openbadges`: OB 2.0 (assertion JSON, JWS or hosted URL). `openbadgecredential`: OB 3.0 (JSON or VC-JWT). */
export type PngKeyword = 'openbadges' | 'openbadgecredential';
export const PNG_KEYWORDS: readonly PngKeyword[] = ['openbadges', 'openbadgecredential'];

export interface PngPayload {
  readonly keyword: PngKeyword;
  readonly text: string;
}

function isOpenBadgesChunk(chunk: PngChunk): boolean {
  if (!TEXT_CHUNK_TYPES.has(chunk.type)) return false;
  const keyword = readKeyword(chunk.data);
  return keyword !== null && (PNG_KEYWORDS as readonly string[]).includes(keyword);
}

function checkSize(bytes: Uint8Array, limits: UnbakeLimits): void {
  if (bytes.length > limits.maxBytes) {
    throw new BakingError('too-large', `Image is ${bytes.length} bytes; the limit is ${limits.maxBytes}`);
  }
}

function requireIhdrFirst(chunk: PngChunk, index: number): void {
  if (index === 0 && chunk.type !== 'IHDR') throw new BakingError('bad-chunk', 'PNG does not start with an IHDR chunk');
}

/**
 * Bake a payload into a PNG: one uncompressed iTXt chunk right after IHDR. Any Open Badges text chunk
 * already present (either keyword) is dropped, so re-baking replaces rather than bakes twice.
 * Image data is copied chunk by chunk, never re-encoded. The input is not modified.
 */
export function bakePng(bytes: Uint8Array, payload: PngPayload, limits?: Partial<UnbakeLimits>): Uint8Array {
  if (!PNG_KEYWORDS.includes(payload.keyword)) {
    throw new BakingError('bad-payload', `Unknown PNG baking keyword: ${String(payload.keyword)}`);
  }
  const resolved = resolveLimits(limits);
  checkSize(bytes, resolved);
  const baked = encodeChunk('iTXt', encodeItxt(payload.keyword, payload.text));
  const kept: Uint8Array[] = [];
  let index = 0;
  for (const chunk of walkPngChunks(bytes, resolved.maxChunks)) {
    requireIhdrFirst(chunk, index++);
    if (isOpenBadgesChunk(chunk)) continue;
    kept.push(bytes.subarray(chunk.start, chunk.end));
    if (chunk.type === 'IHDR') kept.push(baked);
  }
  const out = new Uint8Array(PNG_SIGNATURE.length + kept.reduce((n, part) => n + part.length, 0));
  out.set(PNG_SIGNATURE, 0);
  let at = PNG_SIGNATURE.length;
  for (const part of kept) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * Read the Open Badges payload of a PNG: the first `openbadges` / `openbadgecredential` iTXt chunk,
 * else (legacy) a tEXt or zTXt chunk with that keyword; null when the PNG carries none.
 * Hostile input is refused with a BakingError before any large allocation.
 */
export function unbakePng(bytes: Uint8Array, limits?: Partial<UnbakeLimits>): PngPayload | null {
  const resolved = resolveLimits(limits);
  checkSize(bytes, resolved);
  let legacy: PngChunk | undefined;
  let index = 0;
  for (const chunk of walkPngChunks(bytes, resolved.maxChunks)) {
    requireIhdrFirst(chunk, index++);
    if (!isOpenBadgesChunk(chunk)) continue;
    if (chunk.data.length > resolved.maxTextBytes) {
      throw new BakingError('itxt-too-large', `Open Badges ${chunk.type} chunk is ${chunk.data.length} bytes; the limit is ${resolved.maxTextBytes}`);
    }
    if (chunk.type === 'iTXt') return readPayload(chunk, resolved);
    legacy ??= chunk;
  }
  return legacy ? readPayload(legacy, resolved) : null;
}

function readPayload(chunk: PngChunk, limits: UnbakeLimits): PngPayload {
  const keyword = readKeyword(chunk.data) as PngKeyword;
  return { keyword, text: decodeTextChunk(chunk.type, chunk.data, limits.maxInflatedBytes) };
}
