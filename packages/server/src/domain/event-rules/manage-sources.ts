import { requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { notFound } from '../shared/errors.js';
import { newWebhookSecret } from '../webhooks/signature.js';
import type { EventSource } from './ports.js';
import type { EventRulesDeps } from './event-rules-deps.js';

/**
 * A source of signed events (an LMS, a CRM, an automation platform): its secret is created here,
 * returned once, and kept sealed. Events signed with it go to `POST /api/v1/events?source=<id>`.
 */
export async function createEventSource(deps: EventRulesDeps, input: { actor: Actor; name: string }): Promise<{ source: EventSource; secret: string }> {
  const { principal } = input.actor;
  requirePermission(principal, 'webhooks:write');
  const id = deps.ids.id();
  const secret = newWebhookSecret();
  const now = deps.clock.now();
  const source: EventSource = { id, orgId: principal.orgId, name: input.name.trim() || 'Events', secretSealed: deps.vault.seal(secret, `event-source:${id}`), createdAt: now.toISOString(), lastUsedAt: null };
  await deps.store.transaction(async (tx) => {
    await tx.eventSources.insert(source);
    await tx.audit.record(auditEntry(deps.ids.id(), now, input.actor, 'event-source.create', { type: 'event-source', id }, { name: source.name }));
  });
  return { source, secret };
}

export async function listEventSources(deps: Pick<EventRulesDeps, 'store'>, input: { actor: Actor }): Promise<EventSource[]> {
  requirePermission(input.actor.principal, 'webhooks:read');
  return deps.store.eventSources.list(input.actor.principal.orgId);
}

/** Deleting a source makes its secret worthless at once. */
export async function deleteEventSource(deps: EventRulesDeps, input: { actor: Actor; id: string }): Promise<void> {
  const { principal } = input.actor;
  requirePermission(principal, 'webhooks:write');
  await deps.store.transaction(async (tx) => {
    if (!(await tx.eventSources.delete(principal.orgId, input.id))) throw notFound('event source');
    await tx.audit.record(auditEntry(deps.ids.id(), deps.clock.now(), input.actor, 'event-source.delete', { type: 'event-source', id: input.id }));
  });
}
