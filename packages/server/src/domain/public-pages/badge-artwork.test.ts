import { describe, expect, it } from 'vitest';
import { artworkIn } from './badge-artwork.js';
import type { BadgeArtwork } from './ports.js';

const artwork: BadgeArtwork = {
  defaultSvg: (name, kind) => `<svg xmlns="http://www.w3.org/2000/svg"><text>${name} ${kind}</text></svg>`,
  svgToPng: async () => Uint8Array.of(1, 2, 3),
};
const PNG_1x1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

// Decoding inline artwork (artworkOf) runs the real image pipeline: adapters/images/artwork-of.test.ts.
describe('badge artwork', () => {
  it('converts between formats: SVG is rasterised, PNG is wrapped at its own size', async () => {
    expect(await artworkIn('png', { format: 'svg', text: '<svg/>' }, artwork)).toEqual(Uint8Array.of(1, 2, 3));
    expect(await artworkIn('svg', { format: 'png', bytes: PNG_1x1 }, artwork)).toBe(
      `<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1" viewBox="0 0 1 1"><image width="1" height="1" href="data:image/png;base64,${PNG_1x1.toString('base64')}"/></svg>`,
    );
  });
});
