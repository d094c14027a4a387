import { createHash } from 'node:crypto';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import type { ImageRecord, ImageSource, StoredImageType } from './ports.js';
import type { ImagesDeps } from './images-deps.js';

export interface ImageToStore {
  contentType: StoredImageType;
  source: ImageSource;
  data: Uint8Array;
  width: number;
  height: number;
}

/**
 * Store a checked image for the caller's organisation, with its audit entry. The same bytes uploaded
 * twice by one organisation give back the first image (content-addressed within the organisation).
 */
export async function storeImage(deps: Pick<ImagesDeps, 'store' | 'clock' | 'ids'>, actor: Actor, image: ImageToStore): Promise<ImageRecord> {
  const orgId = actor.principal.orgId;
  const sha256 = createHash('sha256').update(image.data).digest('hex');
  const existing = await deps.store.images.findBySha256(orgId, sha256);
  if (existing) return existing;
  const record: ImageRecord = {
    id: deps.ids.id(),
    orgId,
    contentType: image.contentType,
    source: image.source,
    data: image.data,
    sha256,
    width: Math.max(1, Math.round(image.width)),
    height: Math.max(1, Math.round(image.height)),
    bytes: image.data.byteLength,
    createdAt: deps.clock.now().toISOString(),
  };
  await deps.store.transaction(async (tx) => {
    await tx.images.insert(record);
    await tx.audit.record(
      auditEntry(deps.ids.id(), deps.clock.now(), actor, `image.${image.source === 'upload' ? 'upload' : 'generate'}`, { type: 'image', id: record.id }, { contentType: record.contentType, bytes: record.bytes }),
    );
  });
  return record;
}
