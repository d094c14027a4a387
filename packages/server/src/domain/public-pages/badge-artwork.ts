import type { Achievement } from '../achievements/ports.js';
import type { ImageProcessor } from '../images/processor.js';
import { safeDataImage } from '../images/safe-image.js';
import type { BadgeArtwork, BadgeImageFormat } from './ports.js';

/** Artwork ready to bake: PNG bytes or SVG text. */
export type Artwork = { format: 'png'; bytes: Uint8Array } | { format: 'svg'; text: string };

/**
 * The achievement's own artwork when it is stored inline (a data: URI), else the generated default.
 * Inline artwork goes through the one image check on every use (`safeDataImage`: SVG sanitised and
 * proven to render, raster images re-encoded by sharp), so a row written before that check, or by
 * hand, cannot reach the renderer or a baked badge as it is; what fails the check gives the default.
 * Artwork too costly to draw is not silently replaced: the processor's AppError `image-too-complex`
 * (or `server-busy`) propagates, and the download answers it.
 * Artwork at an http(s) URL is not fetched while answering a request: the default stands in for it.
 */
export async function artworkOf(deps: { imaging: ImageProcessor; artwork: BadgeArtwork }, achievement: Pick<Achievement, 'name' | 'kind' | 'image'>): Promise<Artwork> {
  if (achievement.image && /^data:/i.test(achievement.image)) {
    const safe = await safeDataImage(deps, achievement.image);
    if (safe.ok) return safe.value.contentType === 'image/png' ? { format: 'png', bytes: safe.value.data } : { format: 'svg', text: new TextDecoder().decode(safe.value.data) };
  }
  return { format: 'svg', text: deps.artwork.defaultSvg(achievement.name, achievement.kind) };
}

/** PNG width (pixels) a vector artwork is rendered at: sharp on screens and in link previews. */
export const RASTER_WIDTH = 512;

function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** The artwork as PNG: SVG is rasterised. */
export async function artworkPng(art: Artwork, artwork: BadgeArtwork): Promise<Uint8Array> {
  return art.format === 'png' ? art.bytes : artwork.svgToPng(art.text, RASTER_WIDTH);
}

/** The artwork in the wanted format: SVG is rasterised for PNG; PNG is wrapped in an SVG `<image>`. */
export async function artworkIn(format: BadgeImageFormat, art: Artwork, artwork: BadgeArtwork): Promise<Uint8Array | string> {
  if (format === 'png') return artworkPng(art, artwork);
  if (art.format === 'svg') return art.text;
  const { width, height } = pngSize(art.bytes);
  const href = `data:image/png;base64,${Buffer.from(art.bytes).toString('base64')}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><image width="${width}" height="${height}" href="${href}"/></svg>`;
}
