import type { Issuer } from '../issuers/ports.js';
import { inlineStoredArtwork } from '../images/inline-stored-artwork.js';
import { safeDataImage } from '../images/safe-image.js';
import { notFound } from '../shared/errors.js';
import { RASTER_WIDTH } from './badge-artwork.js';
import type { BadgeMediaDeps } from './public-pages-deps.js';

const STORED_IMAGE_PATH = /\/images\/[A-Za-z0-9_-]{8,100}\.(png|svg)$/;

/**
 * Whether the issuer has a logo this server can show: a `data:` image or one of its stored images.
 * An image elsewhere is neither fetched nor linked to (the viewer's browser would tell that host who
 * looks, as the e-mail client would), so such an issuer simply shows no logo.
 */
export function hasIssuerLogo(issuer: Pick<Issuer, 'image'>): boolean {
  const image = issuer.image;
  if (!image) return false;
  if (/^data:image\//i.test(image)) return true;
  try {
    return /^https?:$/.test(new URL(image).protocol) && STORED_IMAGE_PATH.test(new URL(image).pathname);
  } catch {
    return false;
  }
}

/**
 * The issuer's logo as PNG, on the one image path every image takes (`safeDataImage`: SVG sanitised and
 * drawn by resvg in a renderer process, raster images re-encoded by sharp), SVG rasterised; null when it
 * has none to show or its image fails the check.
 */
export async function issuerLogoPng(deps: Pick<BadgeMediaDeps, 'store' | 'imaging' | 'artwork'>, issuer: Pick<Issuer, 'image' | 'orgId'>): Promise<Uint8Array | null> {
  if (!hasIssuerLogo(issuer)) return null;
  const inlined = await inlineStoredArtwork(deps.store, issuer);
  if (!inlined.image || !/^data:/i.test(inlined.image)) return null;
  const safe = await safeDataImage(deps, inlined.image);
  if (!safe.ok) return null;
  return safe.value.contentType === 'image/png' ? safe.value.data : deps.artwork.svgToPng(new TextDecoder().decode(safe.value.data), RASTER_WIDTH);
}

/** `GET /issuers/:id/logo.png`: any issuer's logo (issuer profiles are public), 404 when it has none. */
export async function getIssuerLogo(deps: Pick<BadgeMediaDeps, 'store' | 'imaging' | 'artwork'>, input: { id: string }): Promise<Uint8Array> {
  const issuer = await deps.store.issuers.findPublic(input.id);
  const png = issuer && (await issuerLogoPng(deps, issuer));
  if (!png) throw notFound('logo');
  return png;
}
