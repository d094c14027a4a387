import type { JobHandler } from '../shared/job-handler.js';
import { payloadString } from '../shared/job-handler.js';
import { DELIVER_JOB } from './events.js';
import type { WebhookEndpoint, WebhookMessage } from './ports.js';
import type { WebhookDeps } from './webhook-deps.js';
import { signWebhook } from './signature.js';

/** Attempts per message: the first at once, then after each delay (about 27 hours in all). */
export const RETRY_DELAYS_SECONDS = [5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;
/** Messages that used up every attempt, in a row, before the endpoint is turned off. */
export const DISABLE_AFTER_FAILED_DELIVERIES = 5;

type DeliverDeps = Pick<WebhookDeps, 'store' | 'clock' | 'ids' | 'vault' | 'webhookTransport'>;

export interface DeliveryOutcome {
  sent: boolean;
  delivered?: boolean;
  statusCode?: number | null;
  skipped?: string;
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error)).slice(0, 500);

/**
 * Job `webhook.deliver`: one signed POST of one message. Each attempt is recorded; a failure queues
 * the next attempt as a new job at its time, in the same transaction as the record. A message
 * already delivered or given up is not sent again, so a re-run job is harmless.
 */
export async function deliverWebhook(deps: DeliverDeps, input: { messageId: string }): Promise<DeliveryOutcome> {
  const message = await deps.store.webhooks.findMessage(input.messageId);
  if (!message) return { sent: false, skipped: 'message gone (endpoint deleted)' };
  if (message.status !== 'pending') return { sent: false, skipped: `message already ${message.status}` };
  const endpoint = await deps.store.webhooks.findById(message.orgId, message.endpointId);
  if (!endpoint || !endpoint.enabled) {
    await deps.store.webhooks.updateMessage({ ...message, status: 'failed', nextRetryAt: null, updatedAt: deps.clock.now().toISOString() });
    return { sent: false, skipped: 'endpoint disabled' };
  }
  const attempt = message.attempts + 1;
  const result = await sendOnce(deps, endpoint, message);
  if (result.statusCode === 410 && endpoint.restHook) {
    await unsubscribeGone(deps, endpoint);
    return { sent: true, delivered: false, statusCode: 410, skipped: 'REST hook answered 410 Gone: unsubscribed' };
  }
  await record(deps, endpoint, message, { attempt, ...result });
  return { sent: true, delivered: result.error === null, statusCode: result.statusCode };
}

export interface SendResult {
  statusCode: number | null;
  /** Why the attempt failed (a non-2xx answer, a refused address, a timeout); null when delivered. */
  error: string | null;
  durationMs: number;
}

/** One signed POST of a message to an endpoint through the transport (the SSRF guard), timed. Never throws for the receiver's faults. */
export async function sendOnce(deps: Pick<DeliverDeps, 'clock' | 'vault' | 'webhookTransport'>, endpoint: WebhookEndpoint, message: WebhookMessage): Promise<SendResult> {
  const secret = deps.vault.open(endpoint.secretSealed, `webhook:${endpoint.id}`);
  const headers = { 'content-type': 'application/json', ...signWebhook(secret, message.id, deps.clock.now(), message.payload) };
  const t0 = performance.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    statusCode = (await deps.webhookTransport.post(endpoint.url, headers, message.payload)).status;
    if (statusCode < 200 || statusCode > 299) error = `HTTP ${statusCode}`;
  } catch (e) {
    error = describe(e);
  }
  return { statusCode, error, durationMs: Math.round(performance.now() - t0) };
}

/** REST Hooks: a subscriber answering 410 Gone asks to be unsubscribed; its endpoint and log go with it. */
async function unsubscribeGone(deps: DeliverDeps, endpoint: WebhookEndpoint): Promise<void> {
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    if (!(await tx.webhooks.delete(endpoint.orgId, endpoint.id))) return;
    await tx.audit.record({
      id: deps.ids.id(), orgId: endpoint.orgId, actorType: 'system', actorId: null, action: 'rest-hook.gone', targetType: 'webhook', targetId: endpoint.id,
      ip: null, requestId: null, details: { url: endpoint.url }, createdAt: now.toISOString(),
    });
  });
}

async function record(deps: DeliverDeps, endpoint: WebhookEndpoint, message: WebhookMessage, a: { attempt: number; statusCode: number | null; error: string | null; durationMs: number }) {
  const now = deps.clock.now();
  const delivered = a.error === null;
  const delay = RETRY_DELAYS_SECONDS[a.attempt - 1];
  const nextRetryAt = !delivered && delay !== undefined ? new Date(now.getTime() + delay * 1000).toISOString() : null;
  const status: WebhookMessage['status'] = delivered ? 'delivered' : nextRetryAt ? 'pending' : 'failed';
  await deps.store.transaction(async (tx) => {
    await tx.webhooks.recordAttempt({
      id: deps.ids.id(), orgId: message.orgId, endpointId: endpoint.id, messageId: message.id, eventType: message.eventType, attempt: a.attempt, delivered,
      statusCode: a.statusCode, error: a.error, durationMs: a.durationMs, nextRetryAt, createdAt: now.toISOString(),
    });
    await tx.webhooks.updateMessage({ id: message.id, status, attempts: a.attempt, nextRetryAt, updatedAt: now.toISOString() });
    if (nextRetryAt) await tx.jobs.enqueue({ name: DELIVER_JOB, orgId: message.orgId, payload: { messageId: message.id }, runAt: nextRetryAt });
    if (status === 'pending') return;
    // Re-read inside the transaction: other messages to this endpoint finish concurrently.
    const current = (await tx.webhooks.findById(endpoint.orgId, endpoint.id)) ?? endpoint;
    const failures = delivered ? 0 : current.consecutiveFailures + 1;
    const disable = !delivered && current.enabled && failures >= DISABLE_AFTER_FAILED_DELIVERIES;
    await tx.webhooks.update({
      ...current,
      consecutiveFailures: failures,
      ...(disable ? { enabled: false, disabledReason: `turned off after ${failures} deliveries in a row failed (${MAX_ATTEMPTS} attempts each)` } : {}),
      updatedAt: now.toISOString(),
    });
  });
}

export function deliverWebhookJob(deps: DeliverDeps): JobHandler {
  return {
    name: DELIVER_JOB,
    version: 1,
    handle: (payload) => deliverWebhook(deps, { messageId: payloadString(payload, 'messageId') }),
  };
}
