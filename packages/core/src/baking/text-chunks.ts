import { BakingError } from './errors.js';
import { inflateWithCeiling } from './inflate.js';

/** PNG chunk types that carry keyword/text pairs. */
export const TEXT_CHUNK_TYPES: ReadonlySet<string> = new Set(['iTXt', 'tEXt', 'zTXt']);

const MAX_KEYWORD_BYTES = 79;
const utf8 = new TextEncoder();

function latin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return out;
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new BakingError('bad-itxt', 'iTXt text is not valid UTF-8', { cause: error });
  }
}

/** The keyword of a tEXt/zTXt/iTXt chunk, or null when the chunk has none. */
export function readKeyword(data: Uint8Array): string | null {
  const nul = data.subarray(0, MAX_KEYWORD_BYTES + 1).indexOf(0);
  return nul < 1 ? null : latin1(data.subarray(0, nul));
}

/** Data of an uncompressed iTXt chunk: keyword, no language tag, no translated keyword. */
export function encodeItxt(keyword: string, text: string): Uint8Array {
  const key = Uint8Array.from(keyword, (c) => c.charCodeAt(0));
  const body = utf8.encode(text);
  const out = new Uint8Array(key.length + 5 + body.length);
  out.set(key, 0);
  // key.length: NUL, compression flag 0, compression method 0, empty language tag NUL, empty translated keyword NUL
  out.set(body, key.length + 5);
  return out;
}

function nextNul(data: Uint8Array, from: number, what: string): number {
  const at = data.indexOf(0, from);
  if (at < 0) throw new BakingError('bad-itxt', `iTXt chunk has no terminator after its ${what}`);
  return at;
}

function decodeItxt(data: Uint8Array, maxInflatedBytes: number): string {
  const keywordEnd = nextNul(data, 0, 'keyword');
  const flag = data[keywordEnd + 1];
  const method = data[keywordEnd + 2];
  if (flag === undefined || method === undefined) throw new BakingError('bad-itxt', 'iTXt chunk is truncated');
  if (flag > 1 || method !== 0) throw new BakingError('bad-itxt', 'iTXt chunk has an unknown compression flag or method');
  const languageEnd = nextNul(data, keywordEnd + 3, 'language tag');
  const translatedEnd = nextNul(data, languageEnd + 1, 'translated keyword');
  const text = data.subarray(translatedEnd + 1);
  return decodeUtf8(flag === 1 ? inflateWithCeiling(text, maxInflatedBytes) : text);
}

/** The text of a tEXt, zTXt or iTXt chunk; compressed text is inflated under `maxInflatedBytes`. */
export function decodeTextChunk(type: string, data: Uint8Array, maxInflatedBytes: number): string {
  const keywordEnd = data.indexOf(0);
  if (keywordEnd < 1) throw new BakingError('bad-itxt', `${type} chunk has no keyword`);
  switch (type) {
    case 'iTXt':
      return decodeItxt(data, maxInflatedBytes);
    case 'tEXt':
      return latin1(data.subarray(keywordEnd + 1));
    case 'zTXt':
      if (data[keywordEnd + 1] !== 0) throw new BakingError('bad-itxt', 'zTXt chunk has an unknown compression method');
      return latin1(inflateWithCeiling(data.subarray(keywordEnd + 2), maxInflatedBytes));
    default:
      throw new BakingError('bad-itxt', `${type} is not a text chunk`);
  }
}
