import type { Deps } from '../deps.js';
import { checkedImageField } from '../images/image-field.js';
import { requireIssuer, requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { notFound } from '../shared/errors.js';
import type { Achievement } from './ports.js';
import { checkAchievementFields, type AchievementFields } from './achievement-fields.js';

export type AchievementPatch = Partial<Omit<AchievementFields, 'issuerId' | 'kind'>> & { archived?: boolean | undefined };

export interface UpdateAchievementInput {
  actor: Actor;
  id: string;
  patch: AchievementPatch;
}

/**
 * Edits an achievement. Its issuer and kind are fixed once created: credentials already issued
 * reference them. Archiving hides it from lists and stops new awards.
 */
export async function updateAchievement(deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'imaging'>, input: UpdateAchievementInput): Promise<Achievement> {
  const { principal } = input.actor;
  const existing = await deps.store.achievements.findById(principal.orgId, input.id);
  if (!existing) throw notFound('achievement');
  requirePermission(principal, 'achievements:write');
  requireIssuer(principal, existing.issuerId);
  const p = input.patch;
  checkAchievementFields({ ...p, kind: existing.kind });
  const image = await checkedImageField(deps, p.image);
  const now = deps.clock.now().toISOString();
  const updated: Achievement = {
    ...existing,
    name: p.name?.trim() ?? existing.name,
    description: p.description?.trim() ?? existing.description,
    criteria: p.criteria ? { narrative: p.criteria.narrative, url: p.criteria.url } : existing.criteria,
    image: image === undefined ? existing.image : image,
    tags: p.tags ? [...new Set(p.tags)] : existing.tags,
    alignments: p.alignments ? p.alignments.map((a) => ({ ...a })) : existing.alignments,
    validity: p.validity === undefined ? existing.validity : p.validity,
    renewable: p.renewable ?? existing.renewable,
    gracePeriod: p.gracePeriod === undefined ? existing.gracePeriod : p.gracePeriod,
    reminderOffsets: p.reminderOffsets === undefined ? existing.reminderOffsets : p.reminderOffsets,
    renewalMode: p.renewalMode ?? existing.renewalMode,
    details: p.details === undefined ? existing.details : structuredClone(p.details),
    archivedAt: p.archived === undefined ? existing.archivedAt : p.archived ? (existing.archivedAt ?? now) : null,
    updatedAt: now,
  };
  await deps.store.transaction(async (tx) => {
    await tx.achievements.update(updated);
    await tx.audit.record(
      auditEntry(deps.ids.id(), deps.clock.now(), input.actor, 'achievement.update', { type: 'achievement', id: updated.id }, { fields: Object.keys(p) }),
    );
  });
  return updated;
}
