import type { Deps } from '../deps.js';
import { requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { notFound } from '../shared/errors.js';
import type { Page } from '../shared/ports.js';
import type { Achievement, AchievementListQuery } from './ports.js';

export async function getAchievement(deps: Pick<Deps, 'store'>, input: { actor: Actor; id: string }): Promise<Achievement> {
  const achievement = await deps.store.achievements.findById(input.actor.principal.orgId, input.id);
  if (!achievement) throw notFound('achievement');
  requirePermission(input.actor.principal, 'achievements:read');
  return achievement;
}

export async function listAchievements(
  deps: Pick<Deps, 'store'>,
  input: { actor: Actor; query: AchievementListQuery },
): Promise<Page<Achievement>> {
  requirePermission(input.actor.principal, 'achievements:read');
  return deps.store.achievements.list(input.actor.principal.orgId, input.query);
}
