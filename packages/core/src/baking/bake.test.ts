import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { bake, sniffImageFormat, unbake } from './bake.js';
import { BakingError } from './errors.js';

function makePng(): Uint8Array {
  return new Uint8Array(PNG.sync.write(new PNG({ width: 2, height: 2 })));
}

const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>';
const credential = JSON.stringify({ type: ['VerifiableCredential', 'OpenBadgeCredential'] });
const assertion = JSON.stringify({ type: 'Assertion', id: 'https://example.org/a/1' });

describe('bake / unbake facade', () => {
  it('sniffs and round-trips OB 2.0 and OB 3.0 in both formats', () => {
    const png = makePng();
    expect(unbake(bake({ format: 'png', image: png, payload: { version: 3, credential } }))).toEqual({ format: 'png', version: 3, text: credential });
    expect(unbake(bake({ format: 'png', image: png, payload: { version: 2, verify: 'https://example.org/a/1' } }))).toEqual({
      format: 'png', version: 2, text: 'https://example.org/a/1',
    });
    expect(unbake(bake({ format: 'svg', image: svg, payload: { version: 2, verify: 'https://example.org/a/1', assertion } }))).toEqual({
      format: 'svg', version: 2, text: assertion, verify: 'https://example.org/a/1',
    });
    const bakedSvg = bake({ format: 'svg', image: new TextEncoder().encode(svg), payload: { version: 3, jwt: 'a.b.c' } });
    expect(unbake(bakedSvg)).toEqual({ format: 'svg', version: 3, text: 'a.b.c' });
  });

  it('sniffs formats and refuses what is neither', () => {
    expect(sniffImageFormat(makePng())).toBe('png');
    expect(sniffImageFormat(new TextEncoder().encode('\uFEFF  <?xml version="1.0"?><svg/>'))).toBe('svg');
    expect(sniffImageFormat(new TextEncoder().encode('GIF89a'))).toBeNull();
    expect(() => unbake(new TextEncoder().encode('GIF89a'))).toThrow(BakingError);
    expect(() => unbake(makePng(), { maxBytes: 10 })).toThrow(expect.objectContaining({ code: 'too-large' }));
  });

  it('returns null for unbaked artwork', () => {
    expect(unbake(makePng())).toBeNull();
    expect(unbake(new TextEncoder().encode(svg))).toBeNull();
  });
});
