import { describe, expect, it } from 'vitest';
import { artworkIn, artworkOf, withoutExternalReferences } from './badge-artwork.js';
import type { BadgeArtwork } from './ports.js';

const artwork: BadgeArtwork = {
  defaultSvg: (name, kind) => `<svg xmlns="http://www.w3.org/2000/svg"><text>${name} ${kind}</text></svg>`,
  svgToPng: async () => Uint8Array.of(1, 2, 3),
};
const PNG_1x1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

describe('badge artwork', () => {
  it('uses the default for no image, remote images and data URIs that are not what they claim', () => {
    for (const image of [null, 'https://cdn.example/a.png', 'data:image/png;base64,bm90IGEgcG5n', 'data:image/svg+xml,not svg', 'data:image/jpeg;base64,/9j/']) {
      expect(artworkOf({ name: 'N', kind: 'badge', image }, artwork), String(image)).toEqual({ format: 'svg', text: artwork.defaultSvg('N', 'badge') });
    }
  });

  it('decodes inline PNG and SVG (base64 or percent-encoded)', () => {
    const png = artworkOf({ name: 'N', kind: 'badge', image: `data:image/png;base64,${PNG_1x1.toString('base64')}` }, artwork);
    expect(png.format === 'png' && Buffer.from(png.bytes).equals(PNG_1x1)).toBe(true);
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>';
    expect(artworkOf({ name: 'N', kind: 'badge', image: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}` }, artwork)).toEqual({ format: 'svg', text: svg });
    expect(artworkOf({ name: 'N', kind: 'badge', image: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` }, artwork)).toEqual({ format: 'svg', text: svg });
  });

  it('removes references to files and the network, keeping fragments and data URIs', () => {
    const svg = `<svg><image href="/etc/passwd"/><image xlink:href='http://169.254.169.254/'/><use href="#a"/><image href="data:image/png;base64,AA"/></svg>`;
    expect(withoutExternalReferences(svg)).toBe(`<svg><image/><image/><use href="#a"/><image href="data:image/png;base64,AA"/></svg>`);
  });

  it('converts between formats: SVG is rasterised, PNG is wrapped at its own size', async () => {
    expect(await artworkIn('png', { format: 'svg', text: '<svg/>' }, artwork)).toEqual(Uint8Array.of(1, 2, 3));
    expect(await artworkIn('svg', { format: 'png', bytes: PNG_1x1 }, artwork)).toBe(
      `<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1" viewBox="0 0 1 1"><image width="1" height="1" href="data:image/png;base64,${PNG_1x1.toString('base64')}"/></svg>`,
    );
  });
});
