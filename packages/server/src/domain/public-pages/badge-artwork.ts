import type { Achievement } from '../achievements/ports.js';
import type { BadgeArtwork, BadgeImageFormat } from './ports.js';

/** Artwork ready to bake: PNG bytes or SVG text. */
export type Artwork = { format: 'png'; bytes: Uint8Array } | { format: 'svg'; text: string };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const DATA_URI = /^data:(image\/(?:png|svg\+xml))((?:;[^,;]*)*?)(;base64)?,(.*)$/is;

const isPng = (bytes: Uint8Array): boolean => bytes.length > 24 && PNG_SIGNATURE.every((b, i) => bytes[i] === b);

/**
 * Drop every `href` / `xlink:href` that is not a local fragment or a data: URI, so rendering the SVG
 * cannot reach the file system or the network. (Uploaded SVGs are sanitised on upload as well.)
 */
export function withoutExternalReferences(svg: string): string {
  return svg.replace(/\s(?:xlink:)?href\s*=\s*("[^"]*"|'[^']*')/gi, (whole, quoted: string) => {
    const value = quoted.slice(1, -1).trim();
    return value.startsWith('#') || /^data:/i.test(value) ? whole : '';
  });
}

function decodeDataUri(uri: string): Artwork | null {
  const match = DATA_URI.exec(uri);
  if (!match) return null;
  const [, mediaType, , base64, data = ''] = match;
  let bytes: Uint8Array;
  try {
    bytes = base64 ? Buffer.from(data, 'base64') : Buffer.from(decodeURIComponent(data), 'utf8');
  } catch {
    return null;
  }
  if (mediaType!.toLowerCase() === 'image/png') return isPng(bytes) ? { format: 'png', bytes } : null;
  const text = Buffer.from(bytes).toString('utf8');
  return /<svg[\s>]/i.test(text) ? { format: 'svg', text: withoutExternalReferences(text) } : null;
}

/**
 * The achievement's own artwork when it is stored inline (a data: URI), else the generated default.
 * Artwork at an http(s) URL is not fetched while answering a request: the default stands in for it.
 */
export function artworkOf(achievement: Pick<Achievement, 'name' | 'kind' | 'image'>, artwork: BadgeArtwork): Artwork {
  const inline = achievement.image?.startsWith('data:') ? decodeDataUri(achievement.image) : null;
  return inline ?? { format: 'svg', text: artwork.defaultSvg(achievement.name, achievement.kind) };
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
