import { createHash } from 'node:crypto';
import { Resvg } from '@resvg/resvg-js';
import { FONT_FILES } from '../fonts/bundled-fonts.js';
import type { BadgeArtwork } from '../../domain/public-pages/ports.js';
import { defaultBadgeSvg } from '../http/routes/ob2/default-badge-svg.js';
import { externalReference } from './svg-references.js';

/**
 * Badge artwork with resvg (Rust, prebuilt per platform): SVG -> PNG without a browser. Renders are
 * memoised by content hash (most badges are the same few artworks), in a bounded map.
 */
export function resvgArtwork(options: { cacheEntries?: number } = {}): BadgeArtwork {
  const limit = options.cacheEntries ?? 64;
  const cache = new Map<string, Uint8Array>();
  return {
    defaultSvg: (name, kind) => defaultBadgeSvg(name, kind),
    svgToPng(svg, width) {
      const key = createHash('sha256').update(svg).update(`\0${width}`).digest('base64url');
      const hit = cache.get(key);
      if (hit) return hit;
      // The port's contract is a sanitised SVG; resvg would read any other href from disk, so check it here too.
      const leftover = externalReference(svg);
      if (leftover) throw new Error(`refusing to render an SVG that is not self-contained (${leftover})`);
      const png = new Resvg(svg, {
        fitTo: { mode: 'width', value: width },
        // Bundled fonts, so text renders the same on a machine with no system fonts.
        font: { loadSystemFonts: false, fontFiles: [FONT_FILES.sans, FONT_FILES.sansBold, FONT_FILES.serifBold], defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans', serifFamily: 'DejaVu Serif' },
        imageRendering: 0,
      })
        .render()
        .asPng();
      const bytes = new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
      if (cache.size >= limit) cache.delete(cache.keys().next().value!);
      cache.set(key, bytes);
      return bytes;
    },
  };
}
