/**
 * SVG work that runs in the isolated image renderers (child processes, see image-processor.ts):
 * sanitising (jsdom + DOMPurify) and drawing (resvg) behind the cost limits of svg-render-limits.ts.
 */
import type { Checked, RasterImage, SanitisedSvg } from '../../domain/images/ports.js';
import { resvgRenderer } from './resvg-render.js';
import { svgRenderProblem } from './svg-render-limits.js';
import { svgSanitiser } from './svg-sanitiser.js';

/** A refusal says whether the SVG is merely too costly (`tooComplex`) rather than broken. */
export type RenderResult = { ok: true; value: RasterImage } | { ok: false; reason: string; tooComplex?: boolean };

let render: ReturnType<typeof resvgRenderer> | undefined;
let sanitise: ReturnType<typeof svgSanitiser> | undefined;

/** The SVG drawn with its longer side `size` pixels, unless drawing it would cost too much. */
export function renderSvg(svg: string, size: number): RenderResult {
  const problem = svgRenderProblem(svg, size);
  if (problem) return { ok: false, reason: `the SVG would cost too much to draw: ${problem}`, tooComplex: true };
  return (render ??= resvgRenderer({ cacheEntries: 8 }))(svg, size);
}

export function sanitiseSvg(text: string): Checked<SanitisedSvg> {
  return (sanitise ??= svgSanitiser())(text);
}
