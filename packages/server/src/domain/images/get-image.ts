import { requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { AppError, notFound } from '../shared/errors.js';
import { SVG_RASTER_WIDTH, type ImageRecord } from './ports.js';
import type { ImagesDeps } from './images-deps.js';

export type ImageFormat = 'png' | 'svg';

export interface ImageFile {
  mediaType: 'image/png' | 'image/svg+xml';
  bytes: Uint8Array;
}

/** An organisation's own image (metadata and data). */
export async function getImage(deps: Pick<ImagesDeps, 'store'>, input: { actor: Actor; id: string }): Promise<ImageRecord> {
  const image = await deps.store.images.findById(input.actor.principal.orgId, input.id);
  if (!image) throw notFound('image');
  requirePermission(input.actor.principal, 'achievements:read');
  return image;
}

/**
 * A stored image as public artwork: PNG always (an SVG is rendered), SVG only for images that are SVG.
 * Stored images never change, so answers can be cached for good.
 */
export async function getPublicImageFile(deps: Pick<ImagesDeps, 'store' | 'imaging'>, input: { id: string; format: ImageFormat }): Promise<ImageFile> {
  const image = await deps.store.images.findPublic(input.id);
  if (!image) throw notFound('image');
  return imageFileOf(deps, image, input.format);
}

export async function imageFileOf(deps: Pick<ImagesDeps, 'imaging'>, image: ImageRecord, format: ImageFormat): Promise<ImageFile> {
  if (format === 'svg') {
    if (image.contentType !== 'image/svg+xml') throw notFound('SVG version of this image');
    return { mediaType: 'image/svg+xml', bytes: image.data };
  }
  if (image.contentType === 'image/png') return { mediaType: 'image/png', bytes: image.data };
  const rendered = await deps.imaging.renderSvg(new TextDecoder().decode(image.data), SVG_RASTER_WIDTH);
  if (!rendered.ok) throw new AppError('invalid-state', `the stored SVG no longer renders: ${rendered.reason}`);
  return { mediaType: 'image/png', bytes: rendered.value.png };
}
