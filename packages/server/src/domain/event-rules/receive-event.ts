import { randomBytes } from 'node:crypto';
import { normaliseIdentity } from '@laurel/core';
import { requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { AppError, type FieldProblem } from '../shared/errors.js';
import { isEmail } from '../shared/validation.js';
import type { EventInput, EventSource, InboundEvent } from './ports.js';
import type { EventRulesDeps } from './event-rules-deps.js';
import { verifyStandardWebhook, type SignatureHeaders } from './verify-signature.js';

export const EVALUATE_EVENT_JOB = 'events.evaluate';

/** Event types Laurel raises itself (`laurel.part-awarded`); refused from outside. */
export const RESERVED_EVENT_PREFIX = 'laurel.';

/** Raised when a credential is awarded: pathway rules of this type award when a part completes them. */
export const PART_AWARDED_EVENT = `${RESERVED_EVENT_PREFIX}part-awarded`;

/** Limits of an event's `data`: its JSON size and nesting. */
export const EVENT_LIMITS = { dataBytes: 16 * 1024, dataDepth: 8 } as const;

export interface ReceivedEvent {
  event: InboundEvent;
  /** True when this organisation already had an event with this id: nothing new was stored or queued. */
  duplicate: boolean;
}

type Deps = Pick<EventRulesDeps, 'store' | 'clock' | 'ids'>;

/** An event sent with an API key or an OAuth machine client token (permission to issue). */
export async function receiveEvent(deps: Deps, input: { actor: Actor; event: EventInput }): Promise<ReceivedEvent> {
  const { principal } = input.actor;
  requirePermission(principal, 'credentials:issue');
  return store(deps, principal.orgId, principal.kind === 'oauth-client' ? 'oauth-client' : principal.kind, principal.issuerId ?? null, input.event);
}

/**
 * The source of a signed event (Standard Webhooks), before its body is read as an event: an unknown
 * source and a wrong, missing or stale signature are the same refusal.
 */
export async function authenticateEventSource(
  deps: Pick<EventRulesDeps, 'store' | 'clock' | 'vault'>,
  input: { sourceId: string | undefined; headers: SignatureHeaders; rawBody: string },
): Promise<EventSource> {
  const id = input.sourceId ?? '';
  const source = /^[A-Za-z0-9_-]{1,64}$/.test(id) ? await deps.store.eventSources.findById(id) : undefined;
  // No source: the same work against a secret nobody has, so that the answer and its timing say nothing.
  const secret = source ? deps.vault.open(source.secretSealed, `event-source:${source.id}`) : UNUSABLE_SECRET;
  verifyStandardWebhook(secret, input.headers, input.rawBody, deps.clock.now());
  if (!source) throw new AppError('event-signature-invalid', 'the signature does not match this body and this source\'s secret');
  await deps.store.eventSources.touch(source.id, deps.clock.now().toISOString());
  return source;
}

const UNUSABLE_SECRET = `whsec_${randomBytes(32).toString('base64')}`;

/** An event whose signature `authenticateEventSource` verified. */
export async function receiveSignedEvent(deps: Deps, input: { source: EventSource; event: EventInput }): Promise<ReceivedEvent> {
  return store(deps, input.source.orgId, `source:${input.source.id}`, null, input.event);
}

async function store(deps: Deps, orgId: string, via: string, issuerScope: string | null, e: EventInput): Promise<ReceivedEvent> {
  checkEvent(e);
  const now = deps.clock.now().toISOString();
  const event: InboundEvent = {
    id: deps.ids.id(), orgId, eventId: e.id, type: e.type, occurredAt: new Date(e.occurredAt).toISOString(),
    subjectEmail: normaliseIdentity('email', e.subject.email), subjectName: e.subject.name?.trim() || null, data: e.data,
    receivedVia: via, issuerScope, status: 'pending', awards: 0, receivedAt: now, processedAt: null,
  };
  // Stored and queued in one transaction: once answered 202, the event is evaluated even if this process dies.
  const created = await deps.store.transaction(async (tx) => {
    if (!(await tx.inboundEvents.insertIfNew(event))) return false;
    await tx.jobs.enqueue({ name: EVALUATE_EVENT_JOB, orgId, payload: { orgId, inboundId: event.id }, maxAttempts: 8 });
    return true;
  });
  if (created) return { event, duplicate: false };
  const first = await deps.store.inboundEvents.findByEventId(orgId, e.id);
  if (!first) throw new Error('an event refused as a duplicate is not there');
  return { event: first, duplicate: true };
}

function checkEvent(e: EventInput): void {
  const problems: FieldProblem[] = [];
  // Laurel's own events (a pathway part awarded) are raised by Laurel only: nobody outside may send one.
  if (e.type.startsWith(RESERVED_EVENT_PREFIX)) problems.push({ path: '/type', message: `types starting with ${RESERVED_EVENT_PREFIX} are Laurel's own` });
  if (Number.isNaN(Date.parse(e.occurredAt))) problems.push({ path: '/occurredAt', message: 'must be a date-time' });
  if (!isEmail(normaliseIdentity('email', e.subject.email))) problems.push({ path: '/subject/email', message: 'must be an email address' });
  if (Buffer.byteLength(JSON.stringify(e.data)) > EVENT_LIMITS.dataBytes) problems.push({ path: '/data', message: `at most ${EVENT_LIMITS.dataBytes} bytes of JSON` });
  else if (depthOf(e.data) > EVENT_LIMITS.dataDepth) problems.push({ path: '/data', message: `nested at most ${EVENT_LIMITS.dataDepth} deep` });
  if (problems.length) throw new AppError('validation', 'the event is not valid', { fields: problems });
}

function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  let deepest = 0;
  for (const child of Object.values(value)) deepest = Math.max(deepest, depthOf(child));
  return deepest + 1;
}

/** An event Laurel itself derives from another system's data (an LTI score reaching its threshold): no caller to authenticate. */
export async function receiveSystemEvent(deps: Deps, input: { orgId: string; via: string; event: EventInput }): Promise<ReceivedEvent> {
  return store(deps, input.orgId, input.via, null, input.event);
}
