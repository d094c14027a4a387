import { AppError } from '../shared/errors.js';
import { safeDataImage, type SafeImageDeps } from './safe-image.js';

/**
 * An achievement's or issuer's `image` as given in a create or update: an http(s) URL is kept as it is
 * (it is never fetched to answer a request); a `data:` image goes through the one image check and is
 * stored as what came out (raster images re-encoded as PNG, SVG sanitised). An SVG the sanitiser would
 * change is refused with what it would remove: the artwork is signed into credentials as it is stored,
 * so it is not altered silently (uploading it to /api/v1/images removes that content and reports it).
 */
export async function checkedImageField<T extends string | null | undefined>(deps: SafeImageDeps, value: T, path = '/image'): Promise<T | string> {
  if (!value || !/^data:/i.test(value)) return value;
  const refuse = (message: string) => new AppError('validation', `${path.slice(1)}: ${message}`, { fields: [{ path, message }] });
  const image = await safeDataImage(deps, value);
  if (!image.ok) throw refuse(image.reason);
  if (image.value.removed.length > 0) {
    throw refuse(`the SVG has content that is not allowed in artwork: ${image.value.removed.slice(0, 5).join(', ')}; upload the file to /api/v1/images, which removes it, and use the image's URL`);
  }
  return image.value.uri;
}
