import { requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { AppError } from '../shared/errors.js';
import { SVG_RASTER_WIDTH, type ImageRecord, type ImagesDeps } from './ports.js';
import { sniffImageKind } from './sniff.js';
import { storeImage, type ImageToStore } from './store-image.js';

export interface UploadImageInput {
  actor: Actor;
  bytes: Uint8Array;
}

export interface UploadedImage {
  image: ImageRecord;
  /** What sanitising took out of an SVG (empty for raster images and clean SVGs). */
  removed: string[];
}

const refuse = (reason: string): AppError => new AppError('validation', reason, { fields: [{ path: '/file', message: reason }] });

/** A safe SVG: sanitised, and proven to render. */
export async function checkedSvg(deps: Pick<ImagesDeps, 'imaging'>, text: string): Promise<{ svg: string; removed: string[]; width: number; height: number }> {
  const sanitised = await deps.imaging.sanitiseSvg(text);
  if (!sanitised.ok) throw refuse(sanitised.reason);
  const rendered = await deps.imaging.renderSvg(sanitised.value.svg, SVG_RASTER_WIDTH);
  if (!rendered.ok) throw refuse(rendered.reason);
  return { ...sanitised.value, width: rendered.value.width, height: rendered.value.height };
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw refuse('the SVG is not valid UTF-8 text');
  }
}

/**
 * Achievement artwork from an upload: PNG, JPEG or WebP are decoded, checked against size limits
 * (decompression bombs included) and normalised to a square PNG without metadata; SVG is parsed as
 * XML, sanitised and rendered once to prove it draws. Dangerous content is removed, never stored.
 */
export async function uploadImage(deps: ImagesDeps, input: UploadImageInput): Promise<UploadedImage> {
  requirePermission(input.actor.principal, 'achievements:write');
  const { bytes } = input;
  if (bytes.byteLength === 0) throw refuse('the file is empty');
  if (bytes.byteLength > deps.limits.maxBytes) throw refuse(`the file is larger than ${deps.limits.maxBytes} bytes`);
  const kind = sniffImageKind(bytes);
  if (!kind) throw refuse('the file is not a PNG, JPEG, WebP or SVG image');

  let toStore: ImageToStore;
  let removed: string[] = [];
  if (kind === 'svg') {
    const svg = await checkedSvg(deps, decodeUtf8(bytes));
    removed = svg.removed;
    toStore = { contentType: 'image/svg+xml', source: 'upload', data: new TextEncoder().encode(svg.svg), width: svg.width, height: svg.height };
  } else {
    const raster = await deps.imaging.normaliseRaster(bytes, deps.limits);
    if (!raster.ok) throw refuse(raster.reason);
    toStore = { contentType: 'image/png', source: 'upload', data: raster.value.png, width: raster.value.width, height: raster.value.height };
  }
  return { image: await storeImage(deps, input.actor, toStore), removed };
}
