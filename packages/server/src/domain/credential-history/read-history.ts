import type { Deps } from '../deps.js';
import { requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { notFound } from '../shared/errors.js';
import type { DailyViews, HistoryEntry } from './ports.js';

/** At most this many events are listed (a credential resent every day for years still answers quickly). */
export const HISTORY_LIMIT = 1000;

export interface CredentialHistory {
  events: HistoryEntry[];
  /** Public page views per day (UTC), oldest first. */
  views: DailyViews[];
  totalViews: number;
}

/** What happened to one of the organisation's credentials; another organisation's credential is not found. */
export async function getCredentialHistory(deps: Pick<Deps, 'store'>, input: { actor: Actor; id: string }): Promise<CredentialHistory> {
  const { orgId } = input.actor.principal;
  const credential = await deps.store.credentials.findById(orgId, input.id);
  if (!credential) throw notFound('credential');
  requirePermission(input.actor.principal, 'credentials:read');
  const [events, views] = await Promise.all([deps.store.credentialEvents.list(orgId, credential.id, HISTORY_LIMIT), deps.store.credentialEvents.views(orgId, credential.id)]);
  return { events, views, totalViews: views.reduce((sum, d) => sum + d.views, 0) };
}
