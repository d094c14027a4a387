import { createHash } from 'node:crypto';
import { pauseForLoop } from './pause-for-loop.js';

/** sha256 hex of a secret (API keys, session tokens): what we store instead of the secret. */
export const sha256Hex = (value: string): string => createHash('sha256').update(value).digest('hex');

/** Stable JSON (sorted keys) for request fingerprints. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Characters hashed between two pauses of the event loop (a 15 MB CSV is ~15 pieces). */
export const HASH_PIECE_CHARS = 1 << 20;


/**
 * `sha256Hex(value)`, the same digest, a piece of `pieceChars` characters at a time with a pause between pieces,
 * so a large value (a bulk CSV) never holds the event loop for the whole of it. A piece never ends between the two
 * halves of a surrogate pair (each half alone would be encoded as U+FFFD, another digest).
 */
export async function sha256HexInPieces(value: string, pieceChars = HASH_PIECE_CHARS, pause: () => Promise<void> = pauseForLoop): Promise<string> {
  const hash = createHash('sha256');
  for (let at = 0; at < value.length; ) {
    let end = Math.min(value.length, at + Math.max(2, pieceChars));
    const last = value.charCodeAt(end - 1);
    if (end < value.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    hash.update(value.slice(at, end));
    at = end;
    if (at < value.length) await pause();
  }
  return hash.digest('hex');
}
