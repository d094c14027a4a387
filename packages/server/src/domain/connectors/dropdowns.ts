import { listAchievements } from '../achievements/read-achievements.js';
import type { Deps } from '../deps.js';
import { listIssuers } from '../issuers/read-issuers.js';
import type { Actor } from '../shared/actor.js';

/** One choice of a no-code tool's dropdown: an id and what to show. */
export interface Choice {
  id: string;
  name: string;
}

export interface DropdownQuery {
  actor: Actor;
  q?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Achievements that can be awarded (not archived), by name, with their issuer; `issuerId` narrows. */
export async function achievementChoices(deps: Pick<Deps, 'store'>, input: DropdownQuery & { issuerId?: string | undefined }): Promise<{ items: (Choice & { issuerId: string })[]; nextCursor?: string | undefined }> {
  const page = await listAchievements(deps, { actor: input.actor, query: { sort: 'name', limit: input.limit, cursor: input.cursor, q: input.q, issuerId: input.issuerId } });
  return { items: page.items.map((a) => ({ id: a.id, name: a.name, issuerId: a.issuerId })), nextCursor: page.nextCursor };
}

export async function issuerChoices(deps: Pick<Deps, 'store'>, input: DropdownQuery): Promise<{ items: Choice[]; nextCursor?: string | undefined }> {
  const page = await listIssuers(deps, { actor: input.actor, query: { sort: 'name', limit: input.limit, cursor: input.cursor, q: input.q } });
  return { items: page.items.map((i) => ({ id: i.id, name: i.name })), nextCursor: page.nextCursor };
}
