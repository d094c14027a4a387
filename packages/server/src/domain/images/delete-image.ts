import { requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { AppError, notFound } from '../shared/errors.js';
import type { ImageRecord, ImageUsage } from './ports.js';
import type { ImagesDeps } from './images-deps.js';

const quoted = (items: { name: string }[]) => items.map((i) => `“${i.name}”`).join(', ');

/** Why an image cannot go, naming what uses it; undefined when nothing does. */
export function describeUsage(usage: ImageUsage): string | undefined {
  const uses = [
    usage.achievements.length ? `${usage.achievements.length === 1 ? 'achievement' : 'achievements'} ${quoted(usage.achievements)}` : '',
    usage.issuers.length ? `${usage.issuers.length === 1 ? 'issuer' : 'issuers'} ${quoted(usage.issuers)}` : '',
    usage.signedCredentials ? 'credentials already issued (their signed documents link to it and cannot change)' : '',
  ].filter(Boolean);
  return uses.length ? `this image is in use by ${uses.join('; ')}` : undefined;
}

/**
 * Delete one of the organisation's images. Refused (409, naming them) while an achievement or an
 * issuer uses it, or once an issued credential's signed document links to it: its public URL must
 * keep answering for them. Another organisation's image is not found.
 */
export async function deleteImage(deps: Pick<ImagesDeps, 'store' | 'clock' | 'ids'>, input: { actor: Actor; id: string }): Promise<ImageRecord> {
  const orgId = input.actor.principal.orgId;
  const image = await deps.store.images.findById(orgId, input.id);
  if (!image) throw notFound('image');
  requirePermission(input.actor.principal, 'achievements:write');
  await deps.store.transaction(async (tx) => {
    const usage = await tx.images.usage(orgId, image.id);
    const inUse = describeUsage(usage);
    if (inUse) throw new AppError('conflict', inUse);
    if (!(await tx.images.delete(orgId, image.id))) throw notFound('image');
    await tx.audit.record(auditEntry(deps.ids.id(), deps.clock.now(), input.actor, 'image.delete', { type: 'image', id: image.id }, { contentType: image.contentType, bytes: image.bytes }));
  });
  return image;
}
