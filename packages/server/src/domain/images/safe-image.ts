import { DEFAULT_IMAGE_LIMITS, SVG_RASTER_WIDTH, type Checked, type ImageLimits, type ImageProcessor, type StoredImageType, type WorkOptions } from './ports.js';
import { sniffImageKind } from './sniff.js';

/**
 * The one way image bytes become something Laurel stores, renders, bakes or prints, whatever their
 * route in (an upload, an achievement's or issuer's `data:` image, an image embedded in an SVG): told
 * apart by their first bytes (never the declared type); SVG sanitised and proven to render; raster
 * images decoded within the pixel limits and written again as PNG by sharp.
 */
export interface SafeImage {
  contentType: StoredImageType;
  data: Uint8Array;
  width: number;
  height: number;
  /** What sanitising took out of an SVG (empty for raster images and clean SVGs). */
  removed: string[];
}

export interface SafeImageDeps {
  imaging: ImageProcessor;
  limits?: ImageLimits | undefined;
}

/** `square`: padded to a square (uploaded artwork); `as-is`: its own proportions (`data:` images). */
export type RasterFit = 'square' | 'as-is';

const refuse = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

/** A sanitised SVG that resvg has drawn once (so it is known to render). */
export async function safeSvg(imaging: ImageProcessor, text: string, options: WorkOptions = {}): Promise<Checked<{ svg: string; removed: string[]; width: number; height: number }>> {
  const sanitised = await imaging.sanitiseSvg(text, options);
  if (!sanitised.ok) return sanitised;
  const rendered = await imaging.renderSvg(sanitised.value.svg, SVG_RASTER_WIDTH, options);
  if (!rendered.ok) return rendered;
  return { ok: true, value: { ...sanitised.value, width: rendered.value.width, height: rendered.value.height } };
}

export async function safeImage(deps: SafeImageDeps, bytes: Uint8Array, fit: RasterFit, options: WorkOptions = {}): Promise<Checked<SafeImage>> {
  const limits = deps.limits ?? DEFAULT_IMAGE_LIMITS;
  if (bytes.byteLength === 0) return refuse('the file is empty');
  if (bytes.byteLength > limits.maxBytes) return refuse(`the file is larger than ${limits.maxBytes} bytes`);
  const kind = sniffImageKind(bytes);
  if (!kind) return refuse('the file is not a PNG, JPEG, WebP or SVG image');
  if (kind === 'svg') {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return refuse('the SVG is not valid UTF-8 text');
    }
    const svg = await safeSvg(deps.imaging, text, options);
    if (!svg.ok) return svg;
    return { ok: true, value: { contentType: 'image/svg+xml', data: new TextEncoder().encode(svg.value.svg), width: svg.value.width, height: svg.value.height, removed: svg.value.removed } };
  }
  const raster = fit === 'square' ? await deps.imaging.normaliseRaster(bytes, limits) : await deps.imaging.reencodeRaster(bytes, limits);
  if (!raster.ok) return raster;
  return { ok: true, value: { contentType: 'image/png', data: raster.value.png, width: raster.value.width, height: raster.value.height, removed: [] } };
}

const DATA_URI = /^data:([^,]*),(.*)$/is;

/** The bytes of a `data:image/…` URI (base64 or percent-encoded), or why not. */
export function dataUriBytes(uri: string): Checked<Uint8Array> {
  const match = DATA_URI.exec(uri);
  if (!match) return refuse('is not a data: URI');
  const params = match[1]!.split(';').map((p) => p.trim().toLowerCase());
  if (!params[0]!.startsWith('image/')) return refuse('is not a data:image URI');
  const payload = match[2]!;
  if (params.includes('base64')) {
    const compact = payload.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return refuse('has base64 data that is not valid');
    return { ok: true, value: new Uint8Array(Buffer.from(compact, 'base64')) };
  }
  if (/%(?![0-9a-f]{2})/i.test(payload)) return refuse('has percent-encoding that is not valid');
  const parts = payload.split(/(%[0-9a-f]{2})/i).map((part) => (/^%[0-9a-f]{2}$/i.test(part) ? Buffer.from([parseInt(part.slice(1), 16)]) : Buffer.from(part, 'utf8')));
  return { ok: true, value: new Uint8Array(Buffer.concat(parts)) };
}

export const toDataUri = (image: Pick<SafeImage, 'contentType' | 'data'>): string =>
  `data:${image.contentType};base64,${Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength).toString('base64')}`;

/** A `data:` image through `safeImage` (its own proportions kept), as a new `data:` URI of what came out. */
export async function safeDataImage(deps: SafeImageDeps, uri: string): Promise<Checked<SafeImage & { uri: string }>> {
  const bytes = dataUriBytes(uri);
  if (!bytes.ok) return { ok: false, reason: `the data: URI ${bytes.reason}` };
  const image = await safeImage(deps, bytes.value, 'as-is');
  if (!image.ok) return image;
  return { ok: true, value: { ...image.value, uri: toDataUri(image.value) } };
}
