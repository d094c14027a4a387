export { BakingError, BAKING_ERROR_DESCRIPTIONS, isBakingError, type BakingErrorCode } from './errors.js';
export { DEFAULT_UNBAKE_LIMITS, type UnbakeLimits } from './limits.js';
export { bakePng, unbakePng, PNG_KEYWORDS, type PngKeyword, type PngPayload } from './png.js';
export { bakeSvg, unbakeSvg, type SvgPayload, type UnbakedSvg } from './svg.js';
export { OB2_SVG_NAMESPACE, OB3_SVG_NAMESPACE } from './svg-document.js';
export { bake, unbake, sniffImageFormat, type BakeInput, type BakePayload, type ImageFormat, type Unbaked } from './bake.js';
