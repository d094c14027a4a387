import { inflateSync } from 'node:zlib';

/**
 * An independent reader of PNG text chunks (not @laurel/core's): walks the chunks and decodes every
 * iTXt / tEXt by the PNG specification. Returns keyword -> text.
 */
export function pngTextChunks(png: Uint8Array): Map<string, string> {
  const buf = Buffer.from(png);
  const found = new Map<string, string>();
  let at = 8;
  while (at + 8 <= buf.length) {
    const length = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    const data = buf.subarray(at + 8, at + 8 + length);
    if (type === 'iTXt') {
      const k = data.indexOf(0);
      const compressed = data[k + 1] === 1;
      const lang = data.indexOf(0, k + 3);
      const translated = data.indexOf(0, lang + 1);
      const body = data.subarray(translated + 1);
      found.set(data.toString('latin1', 0, k), (compressed ? inflateSync(body) : body).toString('utf8'));
    } else if (type === 'tEXt') {
      const k = data.indexOf(0);
      found.set(data.toString('latin1', 0, k), data.toString('latin1', k + 1));
    }
    if (type === 'IEND') break;
    at += 12 + length;
  }
  return found;
}
