/**
 * What an SVG may point at and still be self-contained: a fragment of itself, or an embedded raster
 * image. resvg resolves any other `href` (in any namespace) on `<image>` / `<feImage>` as a path on the
 * local disk, so nothing else may reach it.
 */
export const SAFE_FRAGMENT = /^#[A-Za-z_][\w.:-]*$/;
export const SAFE_RASTER_DATA = /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/]*={0,2}$/i;

const ANY_HREF = /(?:^|[\s"'])(?:[\w.-]+:)?href\s*=\s*("[^"]*"|'[^']*')/gi;

/**
 * The renderer's own check of its input, on the raw text and independent of the sanitiser: the first
 * reference out of the document (or a DOCTYPE / entity, which could bring one in), or null. Conservative:
 * it may refuse text that merely looks like such an attribute; it never lets one through.
 */
export function externalReference(svg: string): string | null {
  if (/<!DOCTYPE|<!ENTITY/i.test(svg)) return 'a DOCTYPE or entity declaration';
  for (const match of svg.matchAll(ANY_HREF)) {
    const value = match[1]!.slice(1, -1);
    if (!SAFE_FRAGMENT.test(value) && !SAFE_RASTER_DATA.test(value)) return `an href to "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  }
  return null;
}
