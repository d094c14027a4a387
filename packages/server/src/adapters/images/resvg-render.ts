import { createHash } from 'node:crypto';
import { Resvg } from '@resvg/resvg-js';
import type { Checked, RasterImage } from '../../domain/images/ports.js';
import { FONT_FILES } from '../fonts/bundled-fonts.js';
import { externalReference } from './svg-references.js';

const FONTS = {
  loadSystemFonts: false,
  fontFiles: [FONT_FILES.sans, FONT_FILES.sansBold, FONT_FILES.serifBold],
  defaultFontFamily: 'DejaVu Sans',
  sansSerifFamily: 'DejaVu Sans',
  serifFamily: 'DejaVu Serif',
};

/**
 * SVG -> PNG with resvg and the bundled fonts only (no system fonts). resvg-js has no switch to stop it
 * reading an `<image>` path from disk, so its input is checked first (`externalReference`): only fragment
 * references and embedded raster images reach it, and it has no way to fetch anything. The longer side is fitted to `size` pixels, so a
 * huge or very thin SVG cannot ask for a huge raster. Renders are memoised by content in a small map.
 */
export function resvgRenderer(options: { cacheEntries?: number } = {}): (svg: string, size: number) => Checked<RasterImage> {
  const limit = options.cacheEntries ?? 32;
  const cache = new Map<string, RasterImage>();
  return (svg, size) => {
    const key = createHash('sha256').update(svg).update(`\0${size}`).digest('base64url');
    const hit = cache.get(key);
    if (hit) return { ok: true, value: hit };
    // resvg reads any other href as a local file path: nothing that names one is rendered.
    const leftover = externalReference(svg);
    if (leftover) return { ok: false, reason: `the SVG is not self-contained: it has ${leftover}` };
    try {
      const probe = new Resvg(svg, { font: FONTS });
      const { width, height } = probe;
      if (!(width > 0 && height > 0)) return { ok: false, reason: 'the SVG has no size to draw at (width, height or viewBox)' };
      const fitTo = width >= height ? ({ mode: 'width', value: size } as const) : ({ mode: 'height', value: size } as const);
      const rendered = new Resvg(svg, { font: FONTS, fitTo, imageRendering: 0 }).render();
      const png = rendered.asPng();
      const value: RasterImage = { png: new Uint8Array(png.buffer, png.byteOffset, png.byteLength), width, height };
      if (cache.size >= limit) cache.delete(cache.keys().next().value!);
      cache.set(key, value);
      return { ok: true, value };
    } catch (e) {
      return { ok: false, reason: `the SVG could not be rendered: ${e instanceof Error ? e.message.slice(0, 120) : 'unknown error'}` };
    }
  };
}
