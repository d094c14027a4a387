import sharp, { type Metadata } from 'sharp';
import type { Checked, RasterImage, RasterLimits } from '../../domain/images/ports.js';

const ACCEPTED = new Set(['png', 'jpeg', 'webp']);
const TRANSPARENT = { r: 0, g: 0, b: 0, alpha: 0 };

const refuse = (reason: string): Checked<RasterImage> => ({ ok: false, reason });

/**
 * PNG / JPEG / WebP with sharp (libvips): the header is read first and the declared size checked
 * before a single pixel is decoded (a 100 000 × 100 000 PNG of a few bytes is refused at once); the
 * decode is then strict (a truncated or damaged file is refused), EXIF orientation applied, and the
 * result padded to a transparent square, at most `outputMaxSide` pixels, written as PNG without any
 * metadata (EXIF, XMP, ICC, comments).
 */
export async function normaliseWithSharp(bytes: Uint8Array, limits: RasterLimits): Promise<Checked<RasterImage>> {
  const options = { limitInputPixels: limits.maxPixels, failOn: 'warning', animated: false } as const;
  let meta: Metadata;
  try {
    // The header only: no pixel is decoded, so the declared size can be checked (and reported) first.
    meta = await sharp(bytes, { ...options, limitInputPixels: false }).metadata();
  } catch {
    return refuse('the file could not be read as an image');
  }
  if (!meta.format || !ACCEPTED.has(meta.format)) return refuse('the file is not a PNG, JPEG or WebP image');
  const { width, height } = meta;
  if (!width || !height) return refuse('the image has no size');
  if (width > limits.maxDimension || height > limits.maxDimension) return refuse(`the image is ${width} × ${height} pixels; at most ${limits.maxDimension} pixels a side are accepted`);
  if (width * height > limits.maxPixels) return refuse(`the image has more than ${limits.maxPixels} pixels`);
  const side = Math.min(Math.max(width, height), limits.outputMaxSide);
  try {
    const { data, info } = await sharp(bytes, options)
      .rotate()
      .resize({ width: side, height: side, fit: 'contain', background: TRANSPARENT })
      .ensureAlpha()
      .png({ compressionLevel: 9 })
      .toBuffer({ resolveWithObject: true });
    return { ok: true, value: { png: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height } };
  } catch {
    return refuse('the image data is damaged or truncated');
  }
}

const EMBEDDABLE = new Set(['png', 'jpeg', 'webp', 'gif']);

/**
 * A raster image kept at its own proportions (a `data:` artwork, or an image embedded in an SVG):
 * the same header-first checks as `normaliseWithSharp`, then decoded strictly (first frame of a GIF)
 * and written again as a metadata-free PNG, scaled down to at most `outputMaxSide` a side. Whatever the
 * bytes were, what comes out was drawn by libvips.
 */
export async function reencodeWithSharp(bytes: Uint8Array, limits: RasterLimits): Promise<Checked<RasterImage>> {
  const options = { limitInputPixels: limits.maxPixels, failOn: 'warning', animated: false } as const;
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { ...options, limitInputPixels: false }).metadata();
  } catch {
    return refuse('the file could not be read as an image');
  }
  if (!meta.format || !EMBEDDABLE.has(meta.format)) return refuse('the image is not a PNG, JPEG, GIF or WebP image');
  const { width, height } = meta;
  if (!width || !height) return refuse('the image has no size');
  if (width > limits.maxDimension || height > limits.maxDimension) return refuse(`the image is ${width} × ${height} pixels; at most ${limits.maxDimension} pixels a side are accepted`);
  if (width * height > limits.maxPixels) return refuse(`the image has more than ${limits.maxPixels} pixels`);
  try {
    const { data, info } = await sharp(bytes, options)
      .rotate()
      .resize({ width: limits.outputMaxSide, height: limits.outputMaxSide, fit: 'inside', withoutEnlargement: true })
      .png({ compressionLevel: 9 })
      .toBuffer({ resolveWithObject: true });
    return { ok: true, value: { png: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height } };
  } catch {
    return refuse('the image data is damaged or truncated');
  }
}
