import type { Deps } from '../deps.js';
import { checkedImageField } from '../images/image-field.js';
import { requireIssuer, requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { notFound } from '../shared/errors.js';
import type { Achievement } from './ports.js';
import { checkAchievementFields, type AchievementFields } from './achievement-fields.js';

export interface CreateAchievementInput {
  actor: Actor;
  data: AchievementFields;
}

export async function createAchievement(deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'imaging'>, input: CreateAchievementInput): Promise<Achievement> {
  const { principal } = input.actor;
  const issuer = await deps.store.issuers.findById(principal.orgId, input.data.issuerId);
  if (!issuer) throw notFound('issuer');
  requirePermission(principal, 'achievements:write');
  requireIssuer(principal, issuer.id);
  checkAchievementFields(input.data);
  const d = input.data;
  const image = await checkedImageField(deps, d.image);
  const now = deps.clock.now().toISOString();
  const achievement: Achievement = {
    id: deps.ids.id(),
    orgId: principal.orgId,
    issuerId: issuer.id,
    kind: d.kind,
    name: d.name.trim(),
    description: d.description.trim(),
    criteria: { narrative: d.criteria.narrative, url: d.criteria.url },
    image: image ?? null,
    tags: [...new Set(d.tags ?? [])],
    alignments: (d.alignments ?? []).map((a) => ({ ...a })),
    validity: d.validity ?? null,
    renewable: d.renewable ?? d.kind === 'certification',
    gracePeriod: d.gracePeriod ?? null,
    reminderOffsets: d.reminderOffsets ?? null,
    renewalMode: d.renewalMode ?? 'manual',
    details: structuredClone(d.details ?? {}),
    archivedAt: null,
    createdAt: now,
    updatedAt: now,
  };
  await deps.store.transaction(async (tx) => {
    await tx.achievements.insert(achievement);
    await tx.audit.record(auditEntry(deps.ids.id(), deps.clock.now(), input.actor, 'achievement.create', { type: 'achievement', id: achievement.id }));
  });
  return achievement;
}
