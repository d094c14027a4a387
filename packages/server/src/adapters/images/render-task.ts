/**
 * Drawing SVG in the isolated image renderers (child processes, see image-processor.ts): resvg
 * behind the cost limits of svg-render-limits.ts.
 */
import type { RasterImage } from '../../domain/images/ports.js';
import { resvgRenderer } from './resvg-render.js';
import { svgRenderProblem } from './svg-render-limits.js';

/** A refusal says whether the SVG is merely too costly (`tooComplex`) rather than broken. */
export type RenderResult = { ok: true; value: RasterImage } | { ok: false; reason: string; tooComplex?: boolean };

let render: ReturnType<typeof resvgRenderer> | undefined;

/** The SVG drawn with its longer side `size` pixels, unless drawing it would cost too much. */
export function renderSvg(svg: string, size: number): RenderResult {
  const problem = svgRenderProblem(svg, size);
  if (problem) return { ok: false, reason: `the SVG would cost too much to draw: ${problem}`, tooComplex: true };
  return (render ??= resvgRenderer({ cacheEntries: 8 }))(svg, size);
}
