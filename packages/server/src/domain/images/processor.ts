/** The image port, apart from `ports.ts` so that `Deps` can name it without an import circle. */

/** A check that either passes with a value or refuses with a reason a person can act on. */
export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface RasterLimits {
  /** Largest accepted width or height of the input, in pixels. */
  maxDimension: number;
  /** Largest accepted width × height of the input (decompression bombs). */
  maxPixels: number;
  /** Side of the square PNG the image is normalised into, at most. */
  outputMaxSide: number;
}

export interface RasterImage {
  png: Uint8Array;
  width: number;
  height: number;
}

/** `signal`: whoever asked has gone away; the work is withdrawn (and fails) if not yet done. */
export interface WorkOptions {
  signal?: AbortSignal | undefined;
}

export interface SanitisedSvg {
  svg: string;
  /** What was taken out, e.g. `<script>`, `onload attribute`, `external href`. */
  removed: string[];
}

/**
 * Image decoding, normalising and SVG sanitising: a real image library behind a port. `sanitiseSvg` and
 * `renderSvg` throw AppError `image-too-complex` when the SVG costs too much to handle (cost limits, the
 * renderer's deadline or memory cap) and `server-busy` when no renderer is free in time.
 */
export interface ImageProcessor {
  /** Decode PNG / JPEG / WebP and normalise it to a square, metadata-free PNG; refuse what is not such an image. */
  normaliseRaster(bytes: Uint8Array, limits: RasterLimits): Promise<Checked<RasterImage>>;
  /**
   * Decode PNG / JPEG / WebP / GIF (first frame) within the limits and write it again as a metadata-free
   * PNG of the same proportions (scaled down to at most `outputMaxSide` a side, never padded).
   */
  reencodeRaster(bytes: Uint8Array, limits: RasterLimits): Promise<Checked<RasterImage>>;
  /**
   * Parse SVG as XML (no DOCTYPE or entities) and keep only safe, self-contained drawing: no script,
   * event handler, foreignObject or animation; no reference out of the document in any namespace's
   * `href` or in CSS (escapes decoded first); embedded `data:` raster images re-encoded like `reencodeRaster`.
   */
  sanitiseSvg(text: string, options?: WorkOptions): Promise<Checked<SanitisedSvg>>;
  /**
   * Render a sanitised SVG to a PNG whose longer side is `width` pixels; `width`/`height` of the result are the SVG's own
   * size. The renderer reads no file and fetches nothing: an SVG that still names anything outside itself
   * is refused.
   */
  renderSvg(svg: string, width: number, options?: WorkOptions): Promise<Checked<RasterImage>>;
}

