import type { Achievement } from '../achievements/ports.js';
import type { Repositories } from '../shared/store.js';

const STORED_IMAGE_PATH = /^\/images\/([A-Za-z0-9_-]{8,100})\.(png|svg)$/;

/**
 * An achievement (or an issuer) whose image is one of its organisation's stored images (`…/images/<id>.png|svg`),
 * with that image inlined as a data: URI, so badges baked from it, certificates and pages use the real
 * artwork without fetching anything. Anything else is returned as it is.
 */
export async function inlineStoredArtwork<T extends Pick<Achievement, 'image' | 'orgId'>>(store: Pick<Repositories, 'images'>, achievement: T): Promise<T> {
  if (!achievement.image || !/^https?:/i.test(achievement.image)) return achievement;
  let path: string;
  try {
    path = new URL(achievement.image).pathname;
  } catch {
    return achievement;
  }
  const match = STORED_IMAGE_PATH.exec(path);
  if (!match) return achievement;
  const image = await store.images.findById(achievement.orgId, match[1]!);
  if (!image) return achievement;
  const data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength).toString('base64');
  return { ...achievement, image: `data:${image.contentType};base64,${data}` };
}
