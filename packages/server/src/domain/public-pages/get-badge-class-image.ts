import type { Deps } from '../deps.js';
import { safeDataImage } from '../images/safe-image.js';
import { notFound } from '../shared/errors.js';

const STORED_IMAGE_PATH = /^\/images\/([A-Za-z0-9_-]{8,100})\.(png|svg)$/;

/**
 * What `/ob2/badges/:id/image` answers, never a redirect off this server:
 * - `stored`: the organisation's own stored image (an URL on this server's origin naming one that exists),
 *   answered by a redirect to this server's path for it, built from the id, not from the stored URL;
 * - `file`: inline (`data:`) artwork, through the one image check (SVG sanitised, raster re-encoded);
 * - `default`: the generated artwork, for no image, artwork elsewhere (never fetched, never redirected to:
 *   an open redirect, and the other host would see the verifier), or inline artwork that fails the check.
 */
export type BadgeClassImage =
  | { kind: 'stored'; path: string }
  | { kind: 'file'; mediaType: 'image/png' | 'image/svg+xml'; bytes: Uint8Array }
  | { kind: 'default'; name: string; achievementKind: string };

export async function getBadgeClassImage(deps: Pick<Deps, 'store' | 'imaging'>, input: { id: string; baseUrl: string }): Promise<BadgeClassImage> {
  const achievement = await deps.store.achievements.findPublic(input.id);
  if (!achievement) throw notFound('badge class');
  const fallback: BadgeClassImage = { kind: 'default', name: achievement.name, achievementKind: achievement.kind };
  const image = achievement.image;
  if (!image) return fallback;
  if (/^data:/i.test(image)) {
    const safe = await safeDataImage(deps, image);
    return safe.ok ? { kind: 'file', mediaType: safe.value.contentType, bytes: safe.value.data } : fallback;
  }
  let url: URL;
  try {
    url = new URL(image);
  } catch {
    return fallback;
  }
  const match = STORED_IMAGE_PATH.exec(url.pathname);
  if (!match || url.origin !== new URL(input.baseUrl).origin || url.search || url.username || url.password) return fallback;
  const stored = await deps.store.images.findById(achievement.orgId, match[1]!);
  return stored ? { kind: 'stored', path: `/images/${stored.id}.${match[2]}` } : fallback;
}
