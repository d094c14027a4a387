/**
 * One pass of the SVG sanitiser (DOMPurify on jsdom, then the namespace-aware XML pass) in the isolated
 * image renderers (see image-processor.ts). `replacements` (pairs, so that they cross to a child
 * process as they are) maps each embedded raster image of a first pass to its re-encoded form.
 */
import { svgSanitiser, type SanitiserResult } from './svg-sanitiser.js';

let sanitise: ReturnType<typeof svgSanitiser> | undefined;

export type RasterReplacements = readonly (readonly [string, string | null])[];

export function sanitiseSvg(text: string, replacements?: RasterReplacements): SanitiserResult {
  return (sanitise ??= svgSanitiser())(text, replacements ? new Map(replacements) : undefined);
}
