import type { ImageProcessor } from '../../domain/images/ports.js';
import { resvgRenderer } from './resvg-render.js';
import { normaliseWithSharp } from './sharp-raster.js';
import { svgSanitiser } from './svg-sanitiser.js';

/** The image port: sharp for raster images, DOMPurify on jsdom for SVG, resvg to render SVG. */
export function createImageProcessor(): ImageProcessor {
  // jsdom is started on first use, not for every app that never sees an SVG.
  let sanitise: ReturnType<typeof svgSanitiser> | undefined;
  const render = resvgRenderer();
  return {
    normaliseRaster: (bytes, limits) => normaliseWithSharp(bytes, limits),
    sanitiseSvg: async (text) => (sanitise ??= svgSanitiser())(text),
    renderSvg: async (svg, width) => render(svg, width),
  };
}
