/** base64url without padding, and a lenient decoder (base64 or base64url, padded or not). Browser-safe. */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i] ?? 0;
    const b1 = bytes[i + 1] ?? 0;
    const b2 = bytes[i + 2] ?? 0;
    const n = (b0 << 16) | (b1 << 8) | b2;
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
    if (i + 1 < bytes.length) out += ALPHABET[(n >> 6) & 63]!;
    if (i + 2 < bytes.length) out += ALPHABET[n & 63]!;
  }
  return out;
}

/** Each UTF-16 code unit's 6-bit value (base64 and base64url alike), or -1: one lookup per character, no range check. */
const VALUES = new Int8Array(65_536).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;
VALUES['+'.charCodeAt(0)] = 62;
VALUES['/'.charCodeAt(0)] = 63;

const notBase64 = () => new TypeError('not base64url');

/**
 * Node's native decoder, when the runtime has one: reached through `process.getBuiltinModule`
 * (Node ≥ 20.16), never imported, so browsers and bundlers never see it and keep the table decoder.
 * It skips characters it does not know, so the text is checked against the alphabet first.
 */
type NativeBuffer = { from(text: string, encoding: 'base64url'): Uint8Array };
const runtime = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
const NativeBuffer = (runtime?.getBuiltinModule?.('node:buffer') as { Buffer?: NativeBuffer } | undefined)?.Buffer;
/** Below this length the table decoder is as fast as a call into the runtime. */
const NATIVE_FROM = 128;
const BASE64_TEXT = /^[A-Za-z0-9+/_-]*$/;

/** Decodes base64url or base64, padded or not; throws on any other character, or a length no encoding gives. */
export function fromBase64Url(text: string): Uint8Array {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 61 /* = */) end--;
  if (end % 4 === 1) throw notBase64();
  if (NativeBuffer && end >= NATIVE_FROM) {
    const body = end === text.length ? text : text.slice(0, end);
    if (!BASE64_TEXT.test(body)) throw notBase64();
    return NativeBuffer.from(body, 'base64url');
  }
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  const whole = end - (end % 4);
  let o = 0;
  // Four characters (24 bits, three bytes) at a time; any invalid character makes the OR negative.
  for (let i = 0; i < whole; i += 4) {
    const a = VALUES[text.charCodeAt(i)]!;
    const b = VALUES[text.charCodeAt(i + 1)]!;
    const c = VALUES[text.charCodeAt(i + 2)]!;
    const d = VALUES[text.charCodeAt(i + 3)]!;
    if ((a | b | c | d) < 0) throw notBase64();
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = n >> 16;
    out[o++] = (n >> 8) & 0xff;
    out[o++] = n & 0xff;
  }
  // The last two or three characters: one or two bytes (the leftover low bits are dropped).
  if (end > whole) {
    const a = VALUES[text.charCodeAt(whole)]!;
    const b = VALUES[text.charCodeAt(whole + 1)]!;
    const c = end - whole === 3 ? VALUES[text.charCodeAt(whole + 2)]! : 0;
    if ((a | b | c) < 0) throw notBase64();
    const n = (a << 18) | (b << 12) | (c << 6);
    out[o++] = n >> 16;
    if (end - whole === 3) out[o++] = (n >> 8) & 0xff;
  }
  return out;
}
