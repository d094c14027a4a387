import { DEFAULT_IMAGE_LIMITS, type ImageProcessor } from '../../domain/images/ports.js';
import { resvgRenderer } from './resvg-render.js';
import { normaliseWithSharp, reencodeWithSharp } from './sharp-raster.js';
import { svgSanitiser } from './svg-sanitiser.js';

const toDataUri = (png: Uint8Array): string => `data:image/png;base64,${Buffer.from(png.buffer, png.byteOffset, png.byteLength).toString('base64')}`;

/**
 * The image port: sharp for raster images, DOMPurify on jsdom for SVG, resvg to render SVG. Raster
 * images embedded in an SVG go through sharp like any other: decoded within the limits and re-encoded.
 */
export function createImageProcessor(): ImageProcessor {
  // jsdom is started on first use, not for every app that never sees an SVG.
  let sanitiser: ReturnType<typeof svgSanitiser> | undefined;
  const render = resvgRenderer();
  return {
    normaliseRaster: (bytes, limits) => normaliseWithSharp(bytes, limits),
    reencodeRaster: (bytes, limits) => reencodeWithSharp(bytes, limits),
    async sanitiseSvg(text) {
      const sanitise = (sanitiser ??= svgSanitiser());
      const first = sanitise(text);
      if (!first.ok || first.value.rasters.length === 0) return first.ok ? { ok: true, value: { svg: first.value.svg, removed: first.value.removed } } : first;
      const replace = new Map<string, string | null>();
      for (const uri of first.value.rasters) {
        const bytes = Buffer.from(uri.slice(uri.indexOf(',') + 1), 'base64');
        const raster = await reencodeWithSharp(bytes, DEFAULT_IMAGE_LIMITS);
        replace.set(uri, raster.ok ? toDataUri(raster.value.png) : null);
      }
      const second = sanitise(first.value.svg, replace);
      if (!second.ok) return second;
      return { ok: true, value: { svg: second.value.svg, removed: [...new Set([...first.value.removed, ...second.value.removed])] } };
    },
    renderSvg: async (svg, width) => render(svg, width),
  };
}
