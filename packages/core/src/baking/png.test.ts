import { crc32 as zlibCrc32, deflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { BakingError, type BakingErrorCode } from './errors.js';
import { bakePng, unbakePng } from './png.js';

function makePng(width = 4, height = 3): Uint8Array {
  const png = new PNG({ width, height });
  for (let i = 0; i < png.data.length; i++) png.data[i] = (i * 37) % 256;
  return new Uint8Array(PNG.sync.write(png));
}

/** A chunk built independently of the code under test (CRC from node:zlib). */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(zlibCrc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return new Uint8Array(out);
}

/** Insert raw chunks after IHDR (8-byte signature + 25-byte IHDR chunk). */
function withChunks(png: Uint8Array, ...chunks: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat([png.subarray(0, 33), ...chunks, png.subarray(33)]));
}

function itxtData(keyword: string, text: Uint8Array, compressed = false): Uint8Array {
  return new Uint8Array(Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0, compressed ? 1 : 0, 0, 0, 0]), text]));
}

function chunkTypes(png: Uint8Array): string[] {
  const types: string[] = [];
  const buf = Buffer.from(png);
  for (let at = 8; at < buf.length; ) {
    const length = buf.readUInt32BE(at);
    types.push(buf.toString('latin1', at + 4, at + 8));
    at += 12 + length;
  }
  return types;
}

function codeOf(fn: () => unknown): BakingErrorCode | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof BakingError) return error.code;
    throw error;
  }
  return undefined;
}

const ob2Assertion = JSON.stringify({ '@context': 'https://w3id.org/openbadges/v2', type: 'Assertion', id: 'https://example.org/a/1', note: 'naïve ✓' });
const ob3Jwt = 'eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2ln';

describe('bakePng / unbakePng', () => {
  it('round-trips an OB 2.0 assertion and the image still decodes identically', () => {
    const original = makePng();
    const baked = bakePng(original, { keyword: 'openbadges', text: ob2Assertion });
    expect(unbakePng(baked)).toEqual({ keyword: 'openbadges', text: ob2Assertion });
    const before = PNG.sync.read(Buffer.from(original));
    const after = PNG.sync.read(Buffer.from(baked));
    expect(after.width).toBe(4);
    expect(Buffer.compare(after.data, before.data)).toBe(0);
  });

  it('round-trips an OB 3.0 credential and places one uncompressed iTXt right after IHDR', () => {
    const baked = bakePng(makePng(), { keyword: 'openbadgecredential', text: ob3Jwt });
    expect(unbakePng(baked)).toEqual({ keyword: 'openbadgecredential', text: ob3Jwt });
    expect(chunkTypes(baked).slice(0, 2)).toEqual(['IHDR', 'iTXt']);
    const data = Buffer.from(baked.subarray(33 + 8, 33 + 8 + 25));
    expect(data.toString('latin1', 0, 20)).toBe('openbadgecredential\0');
    expect(data[20]).toBe(0); // compression flag: uncompressed
    expect(PNG.sync.read(Buffer.from(baked)).height).toBe(3);
  });

  it('re-bakes instead of baking twice, and does not modify its input', () => {
    const original = makePng();
    const copy = original.slice();
    const once = bakePng(original, { keyword: 'openbadges', text: 'https://example.org/a/1' });
    const onceCopy = once.slice();
    const twice = bakePng(once, { keyword: 'openbadgecredential', text: ob3Jwt });
    expect(chunkTypes(twice).filter((t) => t === 'iTXt')).toHaveLength(1);
    expect(unbakePng(twice)).toEqual({ keyword: 'openbadgecredential', text: ob3Jwt });
    expect(original).toEqual(copy);
    expect(once).toEqual(onceCopy);
  });

  it('returns null for a PNG with no Open Badges data and reads a legacy tEXt URL', () => {
    const plain = makePng();
    expect(unbakePng(plain)).toBeNull();
    const legacy = withChunks(plain, chunk('tEXt', new Uint8Array(Buffer.from('openbadges\0https://example.org/a/1', 'latin1'))));
    expect(unbakePng(legacy)).toEqual({ keyword: 'openbadges', text: 'https://example.org/a/1' });
  });

  it('reads a compressed iTXt below the ceiling', () => {
    const text = Buffer.from(ob2Assertion);
    const png = withChunks(makePng(), chunk('iTXt', itxtData('openbadges', new Uint8Array(deflateSync(text)), true)));
    expect(unbakePng(png)?.text).toBe(ob2Assertion);
  });
});

describe('unbakePng on hostile input', () => {
  it('stops a compressed-iTXt decompression bomb at the ceiling, quickly', () => {
    // 256 MiB of zeros in ~255 KiB: under the iTXt size cap, so only the inflate ceiling can stop it.
    const bomb = new Uint8Array(deflateSync(Buffer.alloc(256 * 1024 * 1024), { level: 9 }));
    expect(bomb.length).toBeLessThan(512 * 1024);
    const png = withChunks(makePng(), chunk('iTXt', itxtData('openbadges', bomb, true)));
    const started = performance.now();
    expect(codeOf(() => unbakePng(png))).toBe('inflate-limit');
    // Inflating it all takes over a second; stopping at the 1 MiB ceiling takes a few milliseconds.
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('stops a zTXt bomb too', () => {
    const bomb = deflateSync(Buffer.alloc(16 * 1024 * 1024));
    const data = new Uint8Array(Buffer.concat([Buffer.from('openbadgecredential\0\0', 'latin1'), bomb]));
    const png = withChunks(makePng(), chunk('zTXt', data));
    expect(codeOf(() => unbakePng(png, { maxInflatedBytes: 4096 }))).toBe('inflate-limit');
  });

  it('refuses an oversized iTXt', () => {
    const png = withChunks(makePng(), chunk('iTXt', itxtData('openbadges', new Uint8Array(2 * 1024 * 1024).fill(0x41))));
    expect(codeOf(() => unbakePng(png))).toBe('itxt-too-large');
  });

  it('refuses too many chunks', () => {
    const many = Array.from({ length: 200 }, () => chunk('tEXt', new Uint8Array(Buffer.from('Comment\0x', 'latin1'))));
    expect(codeOf(() => unbakePng(withChunks(makePng(), ...many), { maxChunks: 100 }))).toBe('too-many-chunks');
  });

  it('refuses a bad CRC', () => {
    const baked = bakePng(makePng(), { keyword: 'openbadges', text: ob2Assertion });
    const corrupted = baked.slice();
    corrupted[33 + 20] = corrupted[33 + 20]! ^ 0xff; // a byte inside the iTXt data
    expect(codeOf(() => unbakePng(corrupted))).toBe('bad-crc');
  });

  it('refuses non-PNG, truncated and oversized files', () => {
    expect(codeOf(() => unbakePng(new TextEncoder().encode('GIF89a not a png')))).toBe('not-png');
    expect(codeOf(() => unbakePng(new Uint8Array(0)))).toBe('not-png');
    const png = makePng();
    expect(codeOf(() => unbakePng(png.subarray(0, png.length - 6)))).toBe('truncated');
    expect(codeOf(() => unbakePng(png, { maxBytes: 16 }))).toBe('too-large');
  });

  it('refuses a chunk length that points past the end', () => {
    const png = makePng().slice();
    png[33] = 0x7f; // first byte of the chunk after IHDR's length field
    expect(codeOf(() => unbakePng(png))).toBe('truncated');
  });

  it('refuses an iTXt whose text is not UTF-8', () => {
    const png = withChunks(makePng(), chunk('iTXt', itxtData('openbadges', Uint8Array.of(0xff, 0xfe, 0x41))));
    expect(codeOf(() => unbakePng(png))).toBe('bad-itxt');
  });

  it('refuses to bake with an unknown keyword', () => {
    expect(codeOf(() => bakePng(makePng(), { keyword: 'evil' as 'openbadges', text: 'x' }))).toBe('bad-payload');
  });
});
