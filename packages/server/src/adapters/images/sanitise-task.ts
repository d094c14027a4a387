/** Sanitising SVG (DOMPurify on jsdom) in the isolated image renderers (see image-processor.ts). */
import type { Checked, SanitisedSvg } from '../../domain/images/ports.js';
import { svgSanitiser } from './svg-sanitiser.js';

let sanitise: ReturnType<typeof svgSanitiser> | undefined;

export function sanitiseSvg(text: string): Checked<SanitisedSvg> {
  return (sanitise ??= svgSanitiser())(text);
}
