import type { Credential } from '../credentials/ports.js';
import type { Actor } from '../shared/actor.js';
import type { IdGenerator } from '../shared/ports.js';
import type { CredentialHistoryEvent, HistoryActor, HistoryEventType } from './ports.js';

/** The member or API key behind a request, as a history actor. */
export function historyActorOf(actor: Actor): HistoryActor {
  const p = actor.principal;
  return p.kind === 'api-key' ? { type: 'api-key', id: p.apiKeyId ?? null } : { type: 'user', id: p.userId ?? null };
}

export const SYSTEM_ACTOR: HistoryActor = { type: 'system', id: null };

/** One event of a credential's history, written by the use case that made it happen. */
export function historyEvent(
  ids: Pick<IdGenerator, 'id'>,
  at: Date,
  actor: HistoryActor,
  credential: Pick<Credential, 'id' | 'orgId'>,
  type: HistoryEventType,
  details: Record<string, string | number> = {},
): CredentialHistoryEvent {
  return { id: ids.id(), orgId: credential.orgId, credentialId: credential.id, type, actor, details, createdAt: at.toISOString() };
}
