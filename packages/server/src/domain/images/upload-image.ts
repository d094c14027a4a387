import { requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { AppError } from '../shared/errors.js';
import type { ImageRecord, WorkOptions } from './ports.js';
import type { ImagesDeps } from './images-deps.js';
import { safeImage, safeSvg } from './safe-image.js';
import { storeImage } from './store-image.js';

export interface UploadImageInput {
  actor: Actor;
  bytes: Uint8Array;
  /** Aborts when nobody waits for the answer any more: what is not yet checked is withdrawn, nothing is stored. */
  signal?: AbortSignal | undefined;
}

export interface UploadedImage {
  image: ImageRecord;
  /** What sanitising took out of an SVG (empty for raster images and clean SVGs). */
  removed: string[];
}

const refuse = (reason: string): AppError => new AppError('validation', reason, { fields: [{ path: '/file', message: reason }] });

/** A safe SVG: sanitised, and proven to render. */
export async function checkedSvg(deps: Pick<ImagesDeps, 'imaging'>, text: string, options: WorkOptions = {}): Promise<{ svg: string; removed: string[]; width: number; height: number }> {
  const svg = await safeSvg(deps.imaging, text, options);
  if (!svg.ok) throw refuse(svg.reason);
  return svg.value;
}

/**
 * Achievement artwork from an upload, through the one image check (`safeImage`): PNG, JPEG or WebP are
 * decoded, checked against size limits (decompression bombs included) and normalised to a square PNG
 * without metadata; SVG is parsed as XML, sanitised and rendered once to prove it draws. Dangerous
 * content is removed, never stored.
 */
export async function uploadImage(deps: ImagesDeps, input: UploadImageInput): Promise<UploadedImage> {
  requirePermission(input.actor.principal, 'achievements:write');
  const image = await safeImage(deps, input.bytes, 'square', { signal: input.signal });
  if (!image.ok) throw refuse(image.reason);
  const { removed, ...toStore } = image.value;
  return { image: await storeImage(deps, input.actor, { ...toStore, source: 'upload' }), removed };
}
