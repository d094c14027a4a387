import { requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { notFound } from '../shared/errors.js';
import type { EventRulesDeps } from './event-rules-deps.js';
import type { InboundEvent, RuleAward } from './ports.js';

/** The organisation's latest events (newest first), without their data or subject. */
export async function listEvents(deps: Pick<EventRulesDeps, 'store'>, input: { actor: Actor; limit: number }): Promise<InboundEvent[]> {
  requirePermission(input.actor.principal, 'credentials:read');
  return deps.store.inboundEvents.list(input.actor.principal.orgId, Math.min(Math.max(input.limit, 1), 200));
}

/** One event by Laurel's id or the sender's event id, with what its rules awarded. */
export async function getEvent(deps: Pick<EventRulesDeps, 'store'>, input: { actor: Actor; id: string }): Promise<{ event: InboundEvent; awarded: RuleAward[] }> {
  const { orgId } = input.actor.principal;
  const event = (await deps.store.inboundEvents.findById(orgId, input.id)) ?? (await deps.store.inboundEvents.findByEventId(orgId, input.id));
  if (!event) throw notFound('event');
  requirePermission(input.actor.principal, 'credentials:read');
  return { event, awarded: await deps.store.ruleAwards.listForEvent(orgId, event.eventId) };
}
