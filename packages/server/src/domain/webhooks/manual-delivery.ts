import { requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { notFound } from '../shared/errors.js';
import { sendOnce, type SendResult } from './deliver-webhook.js';
import type { WebhookAttempt, WebhookEndpoint, WebhookMessage } from './ports.js';
import type { WebhookDeps } from './webhook-deps.js';

type ManualDeps = Pick<WebhookDeps, 'store' | 'clock' | 'ids' | 'vault' | 'webhookTransport'>;

/** What a `ping` says: which endpoint it tests; nothing about any credential. */
export interface PingBody {
  type: 'ping';
  timestamp: string;
  data: { webhookId: string; message: string };
}

async function loadForWrite(deps: ManualDeps, actor: Actor, id: string): Promise<WebhookEndpoint> {
  const endpoint = await deps.store.webhooks.findById(actor.principal.orgId, id);
  if (!endpoint) throw notFound('webhook');
  requirePermission(actor.principal, 'webhooks:write');
  return endpoint;
}

/**
 * One attempt made by hand (a test event, a redelivery), in the request: recorded in the delivery log
 * like any other, but it schedules no retry and does not count towards turning the endpoint off.
 * A message delivered this way is done (a retry still queued for it then sends nothing); otherwise it
 * keeps its state (a pending message keeps its next retry; one delivered before stays delivered).
 */
async function recordManual(deps: ManualDeps, actor: Actor, message: WebhookMessage, result: SendResult, action: string): Promise<WebhookAttempt> {
  const now = deps.clock.now().toISOString();
  const delivered = result.error === null;
  const attempt: WebhookAttempt = {
    id: deps.ids.id(), orgId: message.orgId, endpointId: message.endpointId, messageId: message.id, eventType: message.eventType, attempt: message.attempts + 1,
    delivered, statusCode: result.statusCode, error: result.error, durationMs: result.durationMs, nextRetryAt: null, createdAt: now,
  };
  await deps.store.transaction(async (tx) => {
    await tx.webhooks.recordAttempt(attempt);
    await tx.webhooks.updateMessage({
      id: message.id,
      status: delivered ? 'delivered' : message.eventType === 'ping' ? 'failed' : message.status,
      attempts: attempt.attempt,
      nextRetryAt: delivered ? null : message.nextRetryAt,
      updatedAt: now,
    });
    await tx.audit.record(auditEntry(deps.ids.id(), deps.clock.now(), actor, action, { type: 'webhook', id: message.endpointId }, { messageId: message.id, delivered }));
  });
  return attempt;
}

/**
 * Send a signed `ping` to an endpoint now, through the real transport (SSRF guard, signature, timeout),
 * even while it is turned off: the answer says whether the receiver took it. Admins only.
 */
export async function sendTestEvent(deps: ManualDeps, input: { actor: Actor; id: string }): Promise<WebhookAttempt> {
  const endpoint = await loadForWrite(deps, input.actor, input.id);
  const now = deps.clock.now();
  const body: PingBody = { type: 'ping', timestamp: now.toISOString(), data: { webhookId: endpoint.id, message: 'A test event sent from Laurel.' } };
  const message: WebhookMessage = {
    id: `msg_ping_${deps.ids.id()}`, orgId: endpoint.orgId, endpointId: endpoint.id, eventType: 'ping', payload: JSON.stringify(body),
    status: 'pending', attempts: 0, nextRetryAt: null, createdAt: now.toISOString(), updatedAt: now.toISOString(),
  };
  await deps.store.webhooks.insertMessage(message);
  return recordManual(deps, input.actor, message, await sendOnce(deps, endpoint, message), 'webhook.test');
}

/**
 * Send the message of a past delivery again, now: the same body and `webhook-id` (receivers
 * deduplicate on it), a fresh timestamp and signature made with the endpoint's current secret.
 */
export async function redeliverWebhook(deps: ManualDeps, input: { actor: Actor; id: string; deliveryId: string }): Promise<WebhookAttempt> {
  const endpoint = await loadForWrite(deps, input.actor, input.id);
  const past = await deps.store.webhooks.findAttempt(endpoint.orgId, endpoint.id, input.deliveryId);
  const message = past && (await deps.store.webhooks.findMessage(past.messageId));
  if (!message || message.orgId !== endpoint.orgId || message.endpointId !== endpoint.id) throw notFound('delivery');
  return recordManual(deps, input.actor, message, await sendOnce(deps, endpoint, message), 'webhook.redeliver');
}
