/**
 * What makes resvg slow or hungry, refused before it draws (measured at 512 px: a feMorphology radius
 * of 200 took 67 s, numOctaves="1000" 16 s, a filter region 100 times its element's box 61 s, 200
 * filtered elements 54 s, a 1 × 2000 SVG fitted to 512 px wide 17 s and 2 GiB). The output size is
 * bounded by the renderer (the longer side fitted); this bounds the filters. A pure text scan of the
 * markup: DOCTYPEs (whose entities could hide an attribute from it) are refused.
 */
export interface SvgRenderLimits {
  /** Filter primitives (fe* elements) in the document. */
  maxPrimitives: number;
  /** Elements drawn through a filter (`filter="url(…)"` or `filter: url(…)`). */
  maxFiltered: number;
  /** `<use>` elements, when the document has filters (each can draw a filtered element again). */
  maxUsesWithFilters: number;
  /** A filter region's width or height, in multiples of its element's box (or of the SVG's size). */
  maxRegion: number;
  /** feMorphology radius, in output pixels. */
  maxMorphologyPx: number;
  /** feTurbulence numOctaves. */
  maxOctaves: number;
  /** feConvolveMatrix order. */
  maxKernelOrder: number;
}

export const SVG_RENDER_LIMITS: SvgRenderLimits = {
  maxPrimitives: 16,
  maxFiltered: 8,
  maxUsesWithFilters: 16,
  maxRegion: 3,
  maxMorphologyPx: 16,
  maxOctaves: 10,
  maxKernelOrder: 9,
};

const TAG = /<\s*(?:[A-Za-z_][\w.-]*:)?(svg|filter|fe[A-Za-z]+)\b((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
const ATTR = /([A-Za-z_][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
/** Children of primitives, which draw nothing themselves. */
const NOT_PRIMITIVES = new Set(['feFuncR', 'feFuncG', 'feFuncB', 'feFuncA', 'feMergeNode', 'feDistantLight', 'fePointLight', 'feSpotLight']);

function attributes(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const m of text.matchAll(ATTR)) map.set(m[1]!, m[2] ?? m[3] ?? '');
  return map;
}

const numbers = (value: string | undefined): number[] => (value ?? '').trim().split(/[\s,]+/).filter(Boolean).map(Number);

/** A length as a multiple of its reference: `150%` or `1.5`; user units are divided by `userScale`. */
function multiple(value: string | undefined, userScale: number): number {
  if (value === undefined) return 0;
  const v = value.trim();
  return v.endsWith('%') ? Number(v.slice(0, -1)) / 100 : parseFloat(v) / userScale;
}

/** The SVG's extent in user units (its viewBox, else width/height), for the user-unit → pixel scale. */
function userExtent(root: Map<string, string>): number {
  const box = numbers(root.get('viewBox'));
  const side = box.length === 4 ? Math.max(box[2]!, box[3]!) : Math.max(parseFloat(root.get('width') ?? '') || 0, parseFloat(root.get('height') ?? '') || 0);
  return side > 0 && Number.isFinite(side) ? side : 100;
}

/**
 * Why drawing this SVG at `outputSide` pixels (its longer side) would cost too much, or undefined.
 * Not everything is caught (a transform can scale a filter up): the renderer's deadline and memory
 * cap bound the rest.
 */
export function svgRenderProblem(svg: string, outputSide: number, limits: SvgRenderLimits = SVG_RENDER_LIMITS): string | undefined {
  if (/<!DOCTYPE|<!ENTITY/i.test(svg)) return 'SVG with a DOCTYPE or entity declarations is not drawn';
  // The smallest extent of any <svg> (nested ones can scale their content up): the largest pixel scale.
  let extent = Infinity;
  for (const m of svg.matchAll(TAG)) if (m[1] === 'svg') extent = Math.min(extent, userExtent(attributes(m[2]!)));
  if (!Number.isFinite(extent)) extent = 100;
  let primitives = 0;
  let primitiveUnitsBox = false;
  for (const m of svg.matchAll(TAG)) {
    const [name, attrs] = [m[1]!, attributes(m[2]!)];
    if (name === 'svg') continue;
    if ([...attrs.values()].some((v) => v.includes('&'))) return `character references in <${name}> attributes`;
    if (name === 'filter') {
      primitiveUnitsBox = attrs.get('primitiveUnits') === 'objectBoundingBox';
      const userScale = attrs.get('filterUnits') === 'userSpaceOnUse' ? extent : 1;
      for (const side of ['width', 'height']) {
        const size = multiple(attrs.get(side), userScale);
        if (!(size <= limits.maxRegion)) return `a filter region ${attrs.get(side)} ${side === 'width' ? 'wide' : 'high'}: at most ${limits.maxRegion} times the filtered element or the image`;
      }
      continue;
    }
    if (NOT_PRIMITIVES.has(name)) continue;
    if (++primitives > limits.maxPrimitives) return `more than ${limits.maxPrimitives} filter primitives`;
    if (name === 'feMorphology') {
      const px = Math.max(0, ...numbers(attrs.get('radius'))) * (primitiveUnitsBox ? outputSide : outputSide / extent);
      if (!(px <= limits.maxMorphologyPx)) return `an feMorphology radius of ${Math.round(px)} pixels: at most ${limits.maxMorphologyPx}`;
    } else if (name === 'feTurbulence') {
      const octaves = Number(attrs.get('numOctaves') ?? '1');
      if (!(octaves <= limits.maxOctaves)) return `feTurbulence with numOctaves ${attrs.get('numOctaves')}: at most ${limits.maxOctaves}`;
    } else if (name === 'feConvolveMatrix') {
      if (numbers(attrs.get('order') ?? '3').some((o) => !(o <= limits.maxKernelOrder))) return `an feConvolveMatrix order of ${attrs.get('order')}: at most ${limits.maxKernelOrder}`;
    }
  }
  for (const m of svg.matchAll(/<\s*(?:[A-Za-z_][\w.-]*:)?style\b[^>]*>([\s\S]*?)(?:<\/\s*(?:[A-Za-z_][\w.-]*:)?style\s*>|$)/gi)) {
    if (/filter\s*:/i.test(m[1]!)) return 'filters applied from a stylesheet';
  }
  const filtered = svg.match(/filter\s*(?:=\s*["']|:)\s*url\s*\(/gi)?.length ?? 0;
  if (filtered > limits.maxFiltered) return `more than ${limits.maxFiltered} elements drawn through filters`;
  if (primitives > 0 || filtered > 0) {
    const uses = svg.match(/<\s*(?:[A-Za-z_][\w.-]*:)?use\b/g)?.length ?? 0;
    if (uses > limits.maxUsesWithFilters) return `more than ${limits.maxUsesWithFilters} <use> elements in an SVG with filters`;
  }
  return undefined;
}
